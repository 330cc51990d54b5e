import { and, desc, isNotNull } from "drizzle-orm";
import { caseTable } from "../../schema/case.ts";
import type { Principal } from "../auth/principal.ts";
import { caseScope } from "../cases/scope.ts";
import type { Database } from "../db.ts";
import { QUEUE_LINE } from "./dashboard.ts";

/** More than the district ever keeps under supervision at once; the list says if it was cut. */
export const SUPERVISED_LIMIT = 200;

/**
 * The cases under supervision (督办) that this member of staff may see, latest first: district
 * staff see all of them, everyone else those in their own scope (the same cases their lists show).
 */
export async function listSupervised(db: Database, principal: Principal) {
  const rows = await db
    .select({ ...QUEUE_LINE, supervisionReason: caseTable.supervisionReason })
    .from(caseTable)
    .where(and(isNotNull(caseTable.supervisedAt), caseScope(principal)))
    .orderBy(desc(caseTable.supervisedAt))
    .limit(SUPERVISED_LIMIT + 1);
  return { items: rows.slice(0, SUPERVISED_LIMIT), more: rows.length > SUPERVISED_LIMIT };
}
