import { and, eq, gte, inArray, lt } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { caseCounter } from "../../schema/case.ts";
import { CASE_LEVELS, CASE_STATUSES, CATEGORIES } from "../../schema/constants.ts";
import { department } from "../../schema/department.ts";
import type { Database } from "../db.ts";
import { ApiError } from "../errors.ts";
import { RESOLVE_HOUR_BUCKETS } from "../workflow/counters.ts";

type Counts = Map<string, number>;

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/** The "three rates" platforms rank by, plus reopening, from one scope's counters. */
export function scorecard(n: Counts) {
  const get = (metric: string) => n.get(metric) ?? 0;
  const handled = get("total") - get("status:rejected") - get("status:merged");
  return {
    total: get("total"),
    open: get("status:submitted") + get("status:in_progress"),
    overdue: get("overdue"),
    resolution_rate: rate(get("resolved"), handled),
    on_time_rate: rate(get("on_time"), get("resolved")),
    reopen_rate: rate(get("reopened"), handled),
    satisfaction_rate: rate(get("satisfied"), get("feedback")),
  };
}

/** The bucket bound (hours) holding the median time to resolve, or null with nothing resolved. */
export function medianResolveHours(n: Counts): number | null {
  const resolved = n.get("resolved") ?? 0;
  if (resolved === 0) return null;
  let seen = 0;
  for (const bound of RESOLVE_HOUR_BUCKETS) {
    seen += n.get(`resolve_hours:${bound}`) ?? 0;
    if (seen * 2 >= resolved) return bound;
  }
  return null; // the median lies beyond the last bucket (over 30 days)
}

function group(rows: { scope: string; metric: string; value: number }[]) {
  const byScope = new Map<string, Counts>();
  for (const row of rows) {
    const counts = byScope.get(row.scope) ?? new Map<string, number>();
    counts.set(row.metric, row.value);
    byScope.set(row.scope, counts);
  }
  return byScope;
}

const pick = <K extends string>(keys: readonly K[], prefix: string, n: Counts) =>
  Object.fromEntries(keys.map((k) => [k, n.get(`${prefix}:${k}`) ?? 0])) as Record<K, number>;

/**
 * Statistics of an area from the maintained counters: one round trip reading a few hundred rows,
 * whatever the number of cases.
 */
export async function caseStats(db: Database, areaPath: string) {
  const children = db.select({ id: area.id }).from(area).where(eq(area.parentId, db.select({ id: area.id }).from(area).where(eq(area.path, areaPath))));
  const [areas, childAreas, own, childCounts, departments, departmentCounts] = await db.batch([
    db.select().from(area).where(eq(area.path, areaPath)).limit(1),
    db.select().from(area).where(inArray(area.id, children)).orderBy(area.id),
    db.select().from(caseCounter).where(eq(caseCounter.scope, db.select({ id: area.id }).from(area).where(eq(area.path, areaPath)))),
    db.select().from(caseCounter).where(inArray(caseCounter.scope, children)),
    db.select().from(department).orderBy(department.id),
    db.select().from(caseCounter).where(and(gte(caseCounter.scope, "department:"), lt(caseCounter.scope, "department;"))),
  ]);
  const subject = areas[0];
  if (!subject) throw new ApiError("not_found", `There is no area ${areaPath}.`);
  const counts = group(own).get(subject.id) ?? new Map<string, number>();
  const byChild = group(childCounts);
  const byDepartment = group(departmentCounts);
  const resolved = counts.get("resolved") ?? 0;
  return {
    area: { id: subject.id, level: subject.level, name: subject.name, path: subject.path },
    ...scorecard(counts),
    by_status: pick(CASE_STATUSES, "status", counts),
    by_category: pick(CATEGORIES, "category", counts),
    open_by_level: pick(CASE_LEVELS, "open_level", counts),
    solved_at_level: pick(CASE_LEVELS, "solved_at", counts),
    share_solved_in_grid: rate(counts.get("solved_at:grid") ?? 0, resolved),
    median_resolve_hours: medianResolveHours(counts),
    children: childAreas.map((child) => ({
      area: { id: child.id, level: child.level, name: child.name, path: child.path },
      ...scorecard(byChild.get(child.id) ?? new Map()),
    })),
    departments: departments.map((d) => ({
      department: { id: d.id, name: d.name },
      ...scorecard(byDepartment.get(`department:${d.id}`) ?? new Map()),
    })),
  };
}
