import { and, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { caseTable } from "../../schema/case.ts";
import { department } from "../../schema/department.ts";
import { insideArea } from "../cases/scope.ts";
import { rate } from "../cases/stats.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { insidePath, pathIds } from "../lib/area-path.ts";
import { shanghaiDate, shanghaiMonthStart, shanghaiWeekStart } from "../lib/time.ts";
import type { StaffActor } from "../workflow/actor.ts";

// 三率排行: grids, communities, streets and departments ranked by resolution, on-time and
// satisfaction rates over a period, for the table district leaders print.
//
// Who sees what: district staff (dispatchers, admins) rank every street, community, grid and
// department. Street and community staff rank the areas inside their own (their street or
// community itself included); grid staff see their own grid's row, department officers their own
// department's. Grid assistants, who hold no cases, have no ranking.

export const RANKED = ["street", "community", "grid", "department"] as const;
export type Ranked = (typeof RANKED)[number];
export const RANK_BY = ["resolution", "on_time", "satisfaction"] as const;
export type RankBy = (typeof RANK_BY)[number];

const DAY = 24 * 3600 * 1000;
/** The longest period: a year of cases is what one covering-index range should read at once. */
export const MAX_PERIOD_DAYS = 366;

export interface Period {
  kind: "week" | "month" | "custom";
  /** Shanghai midnight of the first day, and of the day after the last. */
  from: Date;
  to: Date;
}

/** This week or this month in Shanghai, or the calendar days `from`–`to` (both included). */
export function periodOf(kind: string | undefined, from: string | undefined, to: string | undefined, now: Date): Period {
  if (kind === "custom") {
    const start = shanghaiDate(from ?? "");
    const last = shanghaiDate(to ?? "");
    const days = start && last ? (last.getTime() - start.getTime()) / DAY + 1 : 0;
    if (!start || !last || days < 1 || days > MAX_PERIOD_DAYS) {
      throw new DomainError("validation_failed", `A custom period needs two dates, in order, at most ${MAX_PERIOD_DAYS} days apart.`, {
        details: [{ path: "from", message: "dates as YYYY-MM-DD, from ≤ to" }],
      });
    }
    return { kind, from: start, to: new Date(last.getTime() + DAY) };
  }
  if (kind === "month") {
    const start = shanghaiMonthStart(now);
    return { kind, from: start, to: shanghaiMonthStart(new Date(start.getTime() + 32 * DAY)) };
  }
  const start = shanghaiWeekStart(now);
  return { kind: "week", from: start, to: new Date(start.getTime() + 7 * DAY) };
}

interface Tally {
  filed: number;
  excluded: number;
  resolved: number;
  onTime: number;
  feedback: number;
  satisfied: number;
}

/** What each group of cases filed in the period adds up to (the scorecard's terms, from the case rows). */
const TALLY = {
  filed: sql<number>`count(*)`,
  excluded: sql<number>`sum(${caseTable.status} IN ('rejected', 'merged'))`,
  resolved: sql<number>`sum(${caseTable.resolvedAt} IS NOT NULL)`,
  onTime: sql<number>`sum(${caseTable.resolvedAt} IS NOT NULL AND ${caseTable.resolvedOnTime} = 1)`,
  feedback: sql<number>`sum(${caseTable.satisfaction} IS NOT NULL)`,
  satisfied: sql<number>`sum(${caseTable.satisfaction} = 'satisfied')`,
};

/** What this member of staff may rank (refused for grid assistants). */
export const rankableObjects = (actor: StaffActor) => reachOf(actor).objects;

/** Who may rank what: which objects, inside which area, or only one department. */
function reachOf(actor: StaffActor): { areaPath: string | null; department: string | null; objects: readonly Ranked[] } {
  if (actor.role === "admin" || actor.role === "district_dispatcher") return { areaPath: null, department: null, objects: RANKED };
  if (actor.role === "department_officer") return { areaPath: null, department: actor.departmentId ?? "", objects: ["department"] };
  if (actor.role === "grid_assistant" || !actor.areaPath) {
    throw new DomainError("forbidden", "Grid assistants have no ranking; it compares the areas and departments that hold cases.");
  }
  const depth = pathIds(actor.areaPath).length;
  return { areaPath: actor.areaPath, department: null, objects: RANKED.filter((_, i) => i >= depth - 2 && i < 3) };
}

const emptyTally = (): Tally => ({ filed: 0, excluded: 0, resolved: 0, onTime: 0, feedback: 0, satisfied: 0 });

export interface RankingRow {
  rank: number | null;
  id: string;
  name: string;
  filed: number;
  resolved: number;
  resolution_rate: number | null;
  on_time_rate: number | null;
  satisfaction_rate: number | null;
}

function rowOf(id: string, name: string, t: Tally): Omit<RankingRow, "rank"> {
  return {
    id,
    name,
    filed: t.filed,
    resolved: t.resolved,
    resolution_rate: rate(t.resolved, t.filed - t.excluded),
    on_time_rate: rate(t.onTime, t.resolved),
    satisfaction_rate: rate(t.satisfied, t.feedback),
  };
}

/**
 * Highest rate first; nothing to measure last, unranked. Equal rates share a rank (1, 2, 2, 4);
 * among them, more cases filed first, then by name.
 */
export function rankRows(rows: Omit<RankingRow, "rank">[], by: RankBy): RankingRow[] {
  const key = `${by}_rate` as const;
  const sorted = [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || b.filed - a.filed || a.name.localeCompare(b.name);
    return y - x || b.filed - a.filed || a.name.localeCompare(b.name);
  });
  return sorted.map((row) => ({ ...row, rank: row[key] === null ? null : sorted.findIndex((other) => other[key] === row[key]) + 1 }));
}

/**
 * The ranking of one kind of object over a period, in one round trip: the cases filed in the
 * period, grouped from the ranking's covering index (never the case rows), and the names.
 */
export async function loadRanking(db: Database, actor: StaffActor, of: Ranked, by: RankBy, period: Period) {
  const reach = reachOf(actor);
  if (!reach.objects.includes(of)) throw new DomainError("forbidden", `Your ranking covers ${reach.objects.join(", ")}.`);
  const filed = and(gte(caseTable.createdAt, period.from), lt(caseTable.createdAt, period.to));
  if (of === "department") {
    const onlyOne = reach.department === null ? undefined : eq(department.id, reach.department);
    const caseDepartment = reach.department === null ? isNotNull(caseTable.departmentId) : eq(caseTable.departmentId, reach.department);
    const [tallies, names] = await db.batch([
      db
        .select({ id: caseTable.departmentId, ...TALLY })
        .from(caseTable)
        .where(and(filed, caseDepartment))
        .groupBy(caseTable.departmentId),
      db
        .select({ id: department.id, name: department.name })
        .from(department)
        .where(and(eq(department.active, true), onlyOne)),
    ]);
    const byId = new Map(tallies.map((t) => [t.id, t as Tally]));
    return rankRows(
      names.map((d) => rowOf(d.id, d.name, byId.get(d.id) ?? emptyTally())),
      by,
    );
  }
  const column = { street: caseTable.streetId, community: caseTable.communityId, grid: caseTable.gridId }[of];
  const [tallies, names] = await db.batch([
    db
      .select({ id: column, ...TALLY })
      .from(caseTable)
      .where(and(filed, reach.areaPath ? insideArea(reach.areaPath) : undefined, isNotNull(column)))
      .groupBy(column),
    db
      .select({ id: area.id, name: area.name })
      .from(area)
      .where(and(eq(area.level, of), reach.areaPath ? insidePath(area.path, reach.areaPath) : undefined)),
  ]);
  const byId = new Map(tallies.map((t) => [t.id, t as Tally]));
  return rankRows(
    names.map((a) => rowOf(a.id, a.name, byId.get(a.id) ?? emptyTally())),
    by,
  );
}
