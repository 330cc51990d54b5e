import { and, asc, count, eq, gte, lt, sql } from "drizzle-orm";
import { type CaseRow, caseTable } from "../../schema/case.ts";
import { isOpen } from "../cases/conditions.ts";
import { assembleStats, STATS_AS_IS, statsQueries, statsValues, subjectKind } from "../cases/stats.ts";
import type { Database } from "../db.ts";
import { pathRange } from "../lib/area-path.ts";
import { preparedBatch } from "../lib/prepared-batch.ts";
import { shanghaiDay } from "../lib/time.ts";
import type { StaffActor } from "../workflow/actor.ts";
import { ROLE_LEVEL } from "../workflow/levels.ts";

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

/** What a case's line in a list shows (portal/staff/pages/dashboard.tsx `CaseLine`). */
export type CaseLineRow = Pick<
  CaseRow,
  "id" | "category" | "description" | "status" | "level" | "dueAt" | "overdue" | "reopenCount" | "supervisedAt"
>;

/** The queue reads only the columns of its lines: whole cases would be six times the values. */
export const QUEUE_LINE = {
  id: caseTable.id,
  category: caseTable.category,
  description: caseTable.description,
  status: caseTable.status,
  level: caseTable.level,
  dueAt: caseTable.dueAt,
  overdue: caseTable.overdue,
  reopenCount: caseTable.reopenCount,
  supervisedAt: caseTable.supervisedAt,
} satisfies Record<keyof CaseLineRow, unknown>;

/** Open cases waiting for this person: held at their level in their area, soonest due first. */
function queueQuery(db: Database, kind: QueueKind) {
  const mine = {
    department: () => and(eq(caseTable.departmentId, placeholder("department")), eq(caseTable.level, "department")),
    assistant: () => eq(caseTable.createdBy, placeholder("createdBy")),
    area_level: () => and(inside("ownFrom", "ownTo"), eq(caseTable.level, placeholder("level"))),
    area: () => inside("ownFrom", "ownTo"),
  }[kind]();
  return db.select(QUEUE_LINE).from(caseTable).where(and(isOpen, mine)).orderBy(asc(caseTable.dueAt)).limit(30);
}

/**
 * Counted up to here and shown as "1000+" beyond: the count walks one index entry per case, and a
 * backlogged street had 9,000 due in a day (database time, bench/RESULTS.md, for a figure nobody
 * works through one by one; the queue shows what comes first).
 */
export const DUE_TODAY_CAP = 1000;

/**
 * Open cases of the scope falling due today (up to the cap): an indexed range over open cases
 * only. A department's scope is its own cases.
 */
function dueTodayQuery(db: Database, withinArea: boolean, kind: QueueKind) {
  const scope =
    kind === "department" ? eq(caseTable.departmentId, placeholder("department")) : withinArea ? inside("areaFrom", "areaTo") : undefined;
  const due = db
    .select({ one: sql`1` })
    .from(caseTable)
    .where(and(isOpen, scope, gte(caseTable.dueAt, placeholder("now")), lt(caseTable.dueAt, placeholder("dayEnd"))))
    .limit(DUE_TODAY_CAP)
    .as("due");
  return db.select({ n: count() }).from(due);
}

// One prepared batch per shape: the district or an area, and whose queue.
const dashboards = new Map<string, ReturnType<typeof dashboardBatch>>();
const dashboardBatch = (withinArea: boolean, kind: QueueKind) =>
  preparedBatch(
    (db) =>
      [
        ...statsQueries(db, kind === "department" ? "department" : withinArea ? "path" : "district"),
        queueQuery(db, kind),
        dueTodayQuery(db, withinArea, kind),
      ] as const,
    { asIs: STATS_AS_IS },
  );

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
    ...statsValues(areaPath, now, actor.departmentId ?? ""),
    createdBy: `staff:${actor.id}`,
    level: ROLE_LEVEL[actor.role] ?? "",
    areaFrom,
    areaTo,
    ownFrom,
    ownTo,
    now: now.getTime(),
    dayEnd: shanghaiDay(now).end.getTime(),
  });
  const [a, b, c, d, e, f, g, queue, due] = results;
  const department = kind === "department" ? (actor.departmentId ?? "") : undefined;
  const stats = assembleStats([a, b, c, d, e, f, g], areaPath ?? "of the district", now, department);
  return { stats, queue, dueToday: due[0]?.n ?? 0 };
}
