import { and, desc, eq, type Placeholder, sql } from "drizzle-orm";
import { type CaseRow, caseTable } from "../../schema/case.ts";
import type { Category } from "../../schema/constants.ts";
import type { Database } from "../db.ts";
import { ACTIONS } from "../workflow/actions.ts";
import { commitTransition } from "../workflow/store.ts";
import { isOpen } from "./conditions.ts";
import { type CaseInput, type CreateOptions, createCase } from "./create.ts";

/** How many open reports a resident is shown before filing the same again. */
const SHOWN = 3;

/**
 * The categories whose open reports other residents are shown: problems of a shared place (a
 * blocked stairwell, a broken lamp, a suggestion for the square). A dispute or a request for help
 * with one's social security is one household's business, and is never shown to another.
 */
export const SHARED_CATEGORIES: readonly Category[] = ["safety_hazard", "social_opinion"];

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

export type OpenReport = Awaited<ReturnType<typeof openReportsAt>>[number];

/**
 * What other residents may read of a report they did not file: the start of its description,
 * with long runs of digits (a phone number someone typed in) masked. Never a name or number field.
 */
export function publicExcerpt(description: string): string {
  const masked = description.replace(/\d{7,}/g, (digits) => `${digits.slice(0, 3)}****`);
  return masked.length > 60 ? `${masked.slice(0, 60)}…` : masked;
}

/**
 * A resident's report of a problem already reported: filed as their own case (their tracking
 * code, their contact for the call back) and joined to the open one (合并办理), so the holder
 * sees one case reported by more residents and the resident follows it. If the open case was
 * finished meanwhile, the report stays a case of its own.
 */
export async function fileJoining(db: Database, target: CaseRow, input: CaseInput, options: CreateOptions) {
  const created = await createCase(db, input, options);
  const row = created.case;
  if (row.status !== "submitted" || target.status === "merged") return created;
  const transition = ACTIONS.merge!.apply(row, { into_case_id: target.id }, { now: options.now, refs: { target } });
  const joined = await commitTransition(db, row, "merge", { kind: "system" }, transition, options.now);
  return { ...created, case: joined };
}
