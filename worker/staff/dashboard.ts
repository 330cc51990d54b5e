import { isOpen } from "../cases/conditions.ts";
import { and, asc, count, eq, gte, lt, sql } from "drizzle-orm";
import { caseTable } from "../../schema/case.ts";
import type { Database } from "../db.ts";
import { pathRange } from "../lib/area-path.ts";
import { preparedBatch } from "../lib/prepared-batch.ts";
import { shanghaiDay } from "../lib/time.ts";
import type { StaffActor } from "../workflow/actor.ts";
import { ROLE_LEVEL } from "../workflow/levels.ts";
import { assembleStats, COUNTER_STATEMENTS, statsQueries, statsValues, subjectKind } from "../cases/stats.ts";

/** Whose queue: a department's, an assistant's own reports, or an area's cases at a level. */
type QueueKind = "department" | "assistant" | "area_level" | "area";

function queueKind(actor: StaffActor): QueueKind {
  if (actor.role === "department_officer") return "department";
  if (actor.role === "grid_assistant") return "assistant";
  return ROLE_LEVEL[actor.role] ? "area_level" : "area";
}

const placeholder = sql.placeholder;
/** `insidePath` with its bounds in two placeholders. */
const inside = (from: string, to: string) => and(gte(caseTable.areaPath, placeholder(from)), lt(caseTable.areaPath, placeholder(to)));

/** Open cases waiting for this person: held at their level in their area, soonest due first. */
function queueQuery(db: Database, kind: QueueKind) {
  const mine = {
    department: () => and(eq(caseTable.departmentId, placeholder("department")), eq(caseTable.level, "department")),
    assistant: () => eq(caseTable.createdBy, placeholder("createdBy")),
    area_level: () => and(inside("ownFrom", "ownTo"), eq(caseTable.level, placeholder("level"))),
    area: () => inside("ownFrom", "ownTo"),
  }[kind]();
  return db.select().from(caseTable).where(and(isOpen, mine)).orderBy(asc(caseTable.dueAt)).limit(30);
}

/** Open cases of the scope falling due today: an indexed range over open cases only. */
function dueTodayQuery(db: Database, withinArea: boolean) {
  return db
    .select({ n: count() })
    .from(caseTable)
    .where(and(isOpen, withinArea ? inside("areaFrom", "areaTo") : undefined, gte(caseTable.dueAt, placeholder("now")), lt(caseTable.dueAt, placeholder("dayEnd"))));
}

// One prepared batch per shape: the district or an area, and whose queue.
const dashboards = new Map<string, ReturnType<typeof dashboardBatch>>();
const dashboardBatch = (withinArea: boolean, kind: QueueKind) =>
  preparedBatch((db) => [...statsQueries(db, withinArea ? "path" : "district"), queueQuery(db, kind), dueTodayQuery(db, withinArea)] as const, {
    asIs: COUNTER_STATEMENTS,
  });

/**
 * The dashboard of a scope in one round trip: the counters' figures for the area and its
 * children, the action queue, and how many open cases fall due today.
 */
export async function loadDashboard(db: Database, actor: StaffActor, areaPath: string | null, now: Date) {
  const kind = queueKind(actor);
  const shape = `${subjectKind(areaPath)}|${kind}`;
  let run = dashboards.get(shape);
  if (!run) {
    run = dashboardBatch(areaPath !== null, kind);
    dashboards.set(shape, run);
  }
  // The actor's own area bounds the queue; the viewed area (a drill-down) bounds the rest.
  const [areaFrom, areaTo] = pathRange(areaPath ?? "/");
  const [ownFrom, ownTo] = pathRange(actor.areaPath ?? "/nowhere/");
  const results = await run(db, {
    ...statsValues(areaPath, now),
    department: actor.departmentId ?? "",
    createdBy: `staff:${actor.id}`,
    level: ROLE_LEVEL[actor.role] ?? "",
    areaFrom,
    areaTo,
    ownFrom,
    ownTo,
    now: now.getTime(),
    dayEnd: shanghaiDay(now).end.getTime(),
  });
  const [a, b, c, d, e, f, queue, due] = results;
  const stats = assembleStats([a, b, c, d, e, f], areaPath ?? "of the district", now);
  return { stats, queue, dueToday: due[0]?.n ?? 0 };
}
