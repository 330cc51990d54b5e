import { and, eq, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { caseCounter } from "../../schema/case.ts";
import { CASE_LEVELS, CASE_STATUSES, CATEGORIES } from "../../schema/constants.ts";
import { department } from "../../schema/department.ts";
import type { Database } from "../db.ts";
import { ApiError } from "../errors.ts";
import { preparedBatch } from "../lib/prepared-batch.ts";
import { shanghaiWeek } from "../lib/time.ts";
import { RESOLVE_HOUR_BUCKETS } from "../workflow/counters.ts";

type Counts = Map<string, number>;

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/** The "three rates" platforms rank by, plus reopening, from one scope's counters. */
export function scorecard(n: Counts, week: string) {
  const get = (metric: string) => n.get(metric) ?? 0;
  const handled = get("total") - get("status:rejected") - get("status:merged");
  return {
    total: get("total"),
    open: get("status:submitted") + get("status:in_progress"),
    overdue: get("overdue"),
    resolved_this_week: get(`resolved_week:${week}`),
    share_solved_in_grid: rate(get("solved_at:grid"), get("resolved")),
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

/** Which area statistics are about: by path, by id, or the district at the top. */
export type SubjectKind = "path" | "id" | "district";

export function subjectKind(idOrPath: string | null): SubjectKind {
  return idOrPath === null ? "district" : idOrPath.startsWith("/") ? "path" : "id";
}

/** The subject's condition, its value in the `subject` placeholder. */
const SUBJECT: Record<SubjectKind, () => SQL> = {
  path: () => eq(area.path, sql.placeholder("subject")),
  id: () => eq(area.id, sql.placeholder("subject")),
  district: () => isNull(area.parentId),
};

/** The placeholder values of `statsQueries`. */
export function statsValues(idOrPath: string | null, now: Date) {
  return { subject: idOrPath, weekMetric: `resolved_week:${shanghaiWeek(now)}` };
}

/** What a scorecard reads: a dozen counters per scope, this week's (a placeholder) among them. */
const SCORECARD_METRICS = ["total", "status:submitted", "status:in_progress", "status:rejected", "status:merged", "overdue", "resolved", "on_time", "reopened", "feedback", "satisfied", "solved_at:grid"];

/**
 * The statements of an area's statistics, to run alone or inside a larger batch, with the
 * placeholders of `statsValues`. Counters are read by (scope, metric) key: the subject's all but
 * other weeks', the children's and departments' only what their scorecards show, so the rows read
 * stay few whatever the years of history.
 */
export function statsQueries(db: Database, kind: SubjectKind) {
  const which = SUBJECT[kind]();
  const weekMetric = sql.placeholder("weekMetric");
  const subject = db.select({ id: area.id }).from(area).where(which).limit(1);
  const children = db.select({ id: area.id }).from(area).where(eq(area.parentId, subject));
  const card = inArray(caseCounter.metric, [...SCORECARD_METRICS, weekMetric]);
  const notOtherWeeks = or(lt(caseCounter.metric, "resolved_week:"), gte(caseCounter.metric, "resolved_week;"), eq(caseCounter.metric, weekMetric));
  return [
    db.select().from(area).where(which).limit(1),
    db.select().from(area).where(inArray(area.id, children)).orderBy(area.id),
    db.select().from(caseCounter).where(and(eq(caseCounter.scope, subject), notOtherWeeks)),
    db.select().from(caseCounter).where(and(inArray(caseCounter.scope, children), card)),
    db.select().from(department).orderBy(department.id),
    db.select().from(caseCounter).where(and(gte(caseCounter.scope, "department:"), lt(caseCounter.scope, "department;"), card)),
  ] as const;
}

/** The counter statements of `statsQueries`: (scope, metric, value) rows, read as D1 gives them. */
export const COUNTER_STATEMENTS = [2, 3, 5] as const;

const runStats = {
  path: preparedBatch((db) => statsQueries(db, "path"), { asIs: COUNTER_STATEMENTS }),
  id: preparedBatch((db) => statsQueries(db, "id"), { asIs: COUNTER_STATEMENTS }),
  district: preparedBatch((db) => statsQueries(db, "district"), { asIs: COUNTER_STATEMENTS }),
};

type StatsResults = Awaited<ReturnType<(typeof runStats)["path"]>>;

/** Statistics of an area from the results of `statsQueries`. */
export function assembleStats(results: StatsResults, areaName: string, now: Date) {
  const [areas, childAreas, own, childCounts, departments, departmentCounts] = results;
  const subject = areas[0];
  if (!subject) throw new ApiError("not_found", `There is no area ${areaName}.`);
  const week = shanghaiWeek(now);
  const counts = group(own).get(subject.id) ?? new Map<string, number>();
  const byChild = group(childCounts);
  const byDepartment = group(departmentCounts);
  return {
    area: { id: subject.id, level: subject.level, name: subject.name, path: subject.path },
    ...scorecard(counts, week),
    by_status: pick(CASE_STATUSES, "status", counts),
    by_category: pick(CATEGORIES, "category", counts),
    open_by_level: pick(CASE_LEVELS, "open_level", counts),
    solved_at_level: pick(CASE_LEVELS, "solved_at", counts),
    median_resolve_hours: medianResolveHours(counts),
    children: childAreas.map((child) => ({
      area: { id: child.id, level: child.level, name: child.name, path: child.path },
      ...scorecard(byChild.get(child.id) ?? new Map(), week),
    })),
    departments: departments.map((d) => ({
      department: { id: d.id, name: d.name },
      ...scorecard(byDepartment.get(`department:${d.id}`) ?? new Map(), week),
    })),
  };
}

/**
 * Statistics of an area from the maintained counters: one round trip reading a few hundred rows,
 * whatever the number of cases.
 */
export async function caseStats(db: Database, idOrPath: string | null, now = new Date()) {
  const results = await runStats[subjectKind(idOrPath)](db, statsValues(idOrPath, now));
  return assembleStats(results, idOrPath ?? "of the district", now);
}
