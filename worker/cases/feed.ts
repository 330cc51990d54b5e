import type { Principal } from "../auth/principal.ts";
import type { Database } from "../db.ts";
import { decodeCursor, encodeCursor } from "../lib/cursor.ts";
import { eventsInScope } from "./event-scope.ts";

/**
 * Case events after a cursor, in commit order, within the principal's scope. Event ids grow in
 * commit order because D1 serialises writes, so "after id N" neither skips nor repeats. A scoped
 * caller's events are one range of an index that leads with its area or department (event-scope.ts).
 */
export async function eventFeed(db: Database, principal: Principal, after: string | undefined, limit: number) {
  const since = after ? Number(decodeCursor(after, 1)[0]) : 0;
  const events = await eventsInScope(db, principal, since, limit);
  const last = events.at(-1)?.id ?? since;
  return { events, next_cursor: encodeCursor([last]) };
}
