import { and, desc, eq, type Placeholder, sql } from "drizzle-orm";
import { caseTable } from "../../schema/case.ts";
import type { Category } from "../../schema/constants.ts";
import type { Database } from "../db.ts";
import { isOpen } from "./conditions.ts";

/** How many open reports a resident is shown before filing the same again. */
const SHOWN = 3;

/**
 * The categories whose open reports other residents are shown: hazards of a shared place (a
 * blocked stairwell, a broken lamp, a loose manhole cover). A dispute, a request for help with
 * one's social security or an opinion (often about a neighbour) is one household's business, and
 * is never shown to another.
 */
export const SHARED_CATEGORIES: readonly Category[] = ["safety_hazard"];

/**
 * The open reports of a category at a station, newest first, with how many residents' reports
 * were joined to each: what a resident is shown before filing the same problem again (FixMyStreet's
 * duplicate guard). Batchable; `case_station_idx` serves it, `case_merged_into_idx` the counts.
 */
export function openReportsAt(db: Database, stationCode: string | Placeholder, category: Category | Placeholder) {
  return db
    .select({
      row: caseTable,
      joined: sql<number>`(SELECT count(*) FROM "case" AS joined WHERE joined.merged_into = "case"."id")`,
    })
    .from(caseTable)
    .where(and(eq(caseTable.stationCode, stationCode), eq(caseTable.category, category), isOpen))
    .orderBy(desc(caseTable.createdAt))
    .limit(SHOWN);
}

/**
 * What other residents may read of a report they did not file: the start of its description,
 * with long runs of digits (a phone number someone typed in) masked. Never a name or number field.
 */
export function publicExcerpt(description: string): string {
  // Digits, full-width digits, spaces and dashes between them: 13812345678, 138 1234 5678, ID numbers.
  const masked = description.replace(/[\d０-９][\d０-９\s-]{5,}[\d０-９Xx]/g, (run) => `${run.slice(0, 3)}****`);
  return masked.length > 60 ? `${masked.slice(0, 60)}…` : masked;
}
