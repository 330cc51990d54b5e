import { and, asc, eq, gt } from "drizzle-orm";
import { caseEvent, caseTable } from "../../schema/case.ts";
import type { Principal } from "../auth/principal.ts";
import type { Database } from "../db.ts";
import { decodeCursor, encodeCursor } from "../lib/cursor.ts";
import { caseScope } from "./scope.ts";

/**
 * Case events after a cursor, in commit order, within the principal's scope. Event ids grow in
 * commit order because D1 serialises writes, so "after id N" neither skips nor repeats.
 */
export async function eventFeed(db: Database, principal: Principal, after: string | undefined, limit: number) {
  const since = after ? Number(decodeCursor(after, 1)[0]) : 0;
  const rows = await db
    .select({ event: caseEvent })
    .from(caseEvent)
    .innerJoin(caseTable, eq(caseTable.id, caseEvent.caseId))
    .where(and(gt(caseEvent.id, since), caseScope(principal)))
    .orderBy(asc(caseEvent.id))
    .limit(limit);
  const events = rows.map((r) => r.event);
  const last = events.at(-1)?.id ?? since;
  return { events, next_cursor: encodeCursor([last]) };
}
