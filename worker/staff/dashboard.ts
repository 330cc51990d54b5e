import { isOpen } from "../cases/conditions.ts";
import { and, asc, count, eq, gte, lt } from "drizzle-orm";
import { caseTable } from "../../schema/case.ts";
import type { Database } from "../db.ts";
import { insidePath } from "../lib/area-path.ts";
import { shanghaiDay } from "../lib/time.ts";
import type { StaffActor } from "../workflow/actor.ts";
import { ROLE_LEVEL } from "../workflow/levels.ts";
import { areaSubject, assembleStats, statsQueries } from "../cases/stats.ts";

const open = isOpen;

/** Open cases waiting for this person: held at their level in their area, soonest due first. */
function queueQuery(db: Database, actor: StaffActor) {
  const level = ROLE_LEVEL[actor.role];
  const mine =
    actor.role === "department_officer"
      ? and(eq(caseTable.departmentId, actor.departmentId ?? ""), eq(caseTable.level, "department"))
      : actor.role === "grid_assistant"
        ? eq(caseTable.createdBy, `staff:${actor.id}`)
        : and(insidePath(caseTable.areaPath, actor.areaPath ?? "/nowhere/"), level ? eq(caseTable.level, level) : undefined);
  return db.select().from(caseTable).where(and(open, mine)).orderBy(asc(caseTable.dueAt)).limit(30);
}

/**
 * The dashboard of a scope in one round trip: the counters' figures for the area and its
 * children, the action queue, and how many open cases fall due today (an indexed range over
 * open cases only).
 */
export async function loadDashboard(db: Database, actor: StaffActor, areaPath: string | null, now: Date) {
  const today = shanghaiDay(now);
  const results = await db.batch([
    ...statsQueries(db, areaSubject(areaPath), now),
    queueQuery(db, actor),
    db
      .select({ n: count() })
      .from(caseTable)
      .where(and(open, areaPath ? insidePath(caseTable.areaPath, areaPath) : undefined, gte(caseTable.dueAt, now), lt(caseTable.dueAt, today.end))),
  ]);
  const [a, b, c, d, e, f, queue, due] = results;
  const stats = assembleStats([a, b, c, d, e, f], areaPath ?? "of the district", now);
  return { stats, queue, dueToday: due[0]?.n ?? 0 };
}
