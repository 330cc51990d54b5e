import { and, asc, eq, getTableColumns, gt, type SQL } from "drizzle-orm";
import { type CaseEventRow, type CaseRow, caseEvent, caseTable } from "../../schema/case.ts";
import type { Principal } from "../auth/principal.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { pathIds } from "../lib/area-path.ts";
import { insideArea } from "./scope.ts";

/**
 * Events carry copies of their case's area ids and department, so that a scoped reader of the
 * event stream (the feed, a webhook's fan-out) seeks "events of grid G after id N" in one index
 * (`case_event_grid_idx` and its siblings) instead of walking every event of the district by id
 * and joining its case to filter afterwards.
 *
 * The copies are always the case's *current* values, on every one of its events: the join they
 * replace compared the case row as it is now, so a case dispatched to a department shows that
 * department all its events, and a case returned from it shows it none. A write that changes
 * these columns therefore re-stamps the case's events in its own batch (`restampEvents`); that is
 * a handful of rows through `case_event_case_idx`. Departments change this way (dispatch, return);
 * areas are set when a case is filed and no action moves them today, but the same rule keeps the
 * copies right if one ever does.
 */
export function eventScopeOf(row: Pick<CaseRow, "streetId" | "communityId" | "gridId" | "microGridId" | "departmentId">) {
  return {
    streetId: row.streetId,
    communityId: row.communityId,
    gridId: row.gridId,
    microGridId: row.microGridId,
    departmentId: row.departmentId,
  };
}

/** Whether a write moved the case to another area or department, so its events need new copies. */
export function eventScopeChanged(before: CaseRow, after: CaseRow): boolean {
  const a = eventScopeOf(before);
  const b = eventScopeOf(after);
  return (Object.keys(a) as (keyof typeof a)[]).some((key) => a[key] !== b[key]);
}

/** Gives every event of the case the case's areas and department as they are after the write. */
export function restampEvents(db: Database, after: CaseRow) {
  return db.update(caseEvent).set(eventScopeOf(after)).where(eq(caseEvent.caseId, after.id));
}

/** The event column that holds the case's area id at each depth of an area path (2 = street … 5 = micro-grid). */
const EVENT_AREA_COLUMN = [undefined, undefined, caseEvent.streetId, caseEvent.communityId, caseEvent.gridId, caseEvent.microGridId];

/** "Events of cases inside this area" on the event's own copy, or undefined for a path no level column names. */
function eventsInsideArea(path: string): SQL | undefined {
  const ids = pathIds(path);
  const column = EVENT_AREA_COLUMN[ids.length];
  return column ? eq(column, ids.at(-1)!) : undefined;
}

/**
 * How to read a principal's events (the event-side twin of `caseScope`): conditions on the events'
 * own columns where one index serves them, and a join with the case only where none does.
 *  - `all`: no limit (admin, a key without an area).
 *  - `events`: one condition on the event's copies (an area below the district, a department).
 *  - `joined`: a condition on the case (the district's own path, which nearly every event matches,
 *    so walking events by id stops early anyway).
 *  - `filedBy`: a grid assistant sees its area and the cases it filed itself anywhere; the latter
 *    are few and reached through the case's `created_by` index, then merged.
 */
type EventReach =
  | { all: true }
  | { events: SQL }
  | { joined: SQL | undefined }
  | { events: SQL | undefined; joined?: SQL; filedBy: string };

function eventReach(principal: Principal): EventReach {
  if (principal.kind === "anonymous") throw new DomainError("unauthorized", "Cases need an API key or a staff sign-in.");
  const area = (path: string): EventReach => {
    const events = eventsInsideArea(path);
    return events ? { events } : { joined: insideArea(path) };
  };
  if (principal.kind === "api_key") return principal.areaPath ? area(principal.areaPath) : { all: true };
  const actor = principal.actor;
  if (actor.role === "admin") return { all: true };
  if (actor.role === "department_officer") return { events: eq(caseEvent.departmentId, actor.departmentId ?? "") };
  const own = area(actor.areaPath ?? "/nowhere/");
  if (actor.role === "grid_assistant") return { ...own, events: "events" in own ? own.events : undefined, filedBy: `staff:${actor.id}` };
  return own;
}

const EVENT_COLUMNS = getTableColumns(caseEvent);

/**
 * The principal's events after `since`, in id order, at most `limit`; `extra` narrows them further
 * (a webhook's actions). Every branch is one index range read in id order, stopping at `limit`.
 */
export async function eventsInScope(
  db: Database,
  principal: Principal,
  since: number,
  limit: number,
  extra?: SQL,
): Promise<CaseEventRow[]> {
  const lists = await db.batch(eventQueries(db, principal, since, limit, extra));
  return mergeById([...lists] as CaseEventRow[][], limit);
}

/** The queries of `eventsInScope`, for a caller that adds its own to the same batch; merge with `mergeById`. */
export function eventQueries(db: Database, principal: Principal, since: number, limit: number, extra?: SQL) {
  const reach = eventReach(principal);
  const after = gt(caseEvent.id, since);
  const onEvents = (where: SQL | undefined) =>
    db
      .select(EVENT_COLUMNS)
      .from(caseEvent)
      .where(and(after, where, extra))
      .orderBy(asc(caseEvent.id))
      .limit(limit);
  const onCases = (where: SQL | undefined) =>
    db
      .select(EVENT_COLUMNS)
      .from(caseEvent)
      .innerJoin(caseTable, eq(caseTable.id, caseEvent.caseId))
      .where(and(after, where, extra))
      .orderBy(asc(caseEvent.id))
      .limit(limit);
  if ("all" in reach) return [onEvents(undefined)] as const;
  if ("filedBy" in reach) {
    const area = reach.events ? onEvents(reach.events) : onCases(reach.joined);
    return [area, onCases(eq(caseTable.createdBy, reach.filedBy))] as const;
  }
  if ("events" in reach) return [onEvents(reach.events)] as const;
  return [onCases(reach.joined)] as const;
}

/** Lists each in id order → the first `limit` distinct events of all, in id order. */
export function mergeById(lists: readonly CaseEventRow[][], limit: number): CaseEventRow[] {
  if (lists.length === 1) return lists[0]!.slice(0, limit);
  const byId = new Map<number, CaseEventRow>();
  for (const list of lists) for (const event of list) byId.set(event.id, event);
  return [...byId.values()].sort((a, b) => a.id - b.id).slice(0, limit);
}
