import { desc, inArray } from "drizzle-orm";
import { caseTable } from "../../schema/case.ts";
import { D1_MAX_PARAMETERS, type Database } from "../db.ts";

/**
 * What a resident's list shows of the cases with these tracking codes (category, when filed,
 * status, level; nothing personal), newest first, in one query on the tracking code's index.
 * Unknown codes are left out.
 */
export async function caseSummaries(db: Database, trackingCodes: readonly string[]) {
  if (trackingCodes.length === 0) return [];
  if (trackingCodes.length > D1_MAX_PARAMETERS) throw new RangeError(`At most ${D1_MAX_PARAMETERS} tracking codes per query`);
  return db
    .select({
      trackingCode: caseTable.trackingCode,
      category: caseTable.category,
      status: caseTable.status,
      level: caseTable.level,
      createdAt: caseTable.createdAt,
    })
    .from(caseTable)
    .where(inArray(caseTable.trackingCode, [...trackingCodes]))
    .orderBy(desc(caseTable.createdAt), desc(caseTable.id));
}

export type CaseSummary = Awaited<ReturnType<typeof caseSummaries>>[number];
