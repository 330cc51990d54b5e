import { and, eq, gte, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { caseCounter } from "../../schema/case.ts";
import { CASE_LEVELS, CASE_STATUSES, CATEGORIES } from "../../schema/constants.ts";
import { department } from "../../schema/department.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { preparedBatch } from "../lib/prepared-batch.ts";
import { recentShanghaiWeeks, shanghaiDateText, shanghaiWeek } from "../lib/time.ts";
import { RESOLVE_HOUR_BUCKETS, WEEKLY_SERIES, type WeeklySeries, weekMetric } from "../workflow/counters.ts";

/** One scope's counters, metric → value, as SQLite's `json_group_object` wrote them. */
type Counts = Readonly<Record<string, number>>;

const NONE: Counts = {};

function read(n: Counts, metric: string): number {
  const value = n[metric];
  return typeof value === "number" ? value : 0;
}

/** A share rounded to three places, or null when there is nothing to divide by. */
export const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

/** The "three rates" platforms rank by, plus reopening, from one scope's counters. */
export function scorecard(n: Counts, week: string) {
  const get = (metric: string) => read(n, metric);
  const handled = get("total") - get("status:rejected") - get("status:merged");
  return {
    total: get("total"),
    open: get("status:submitted") + get("status:in_progress"),
    overdue: get("overdue"),
    resolved_this_week: get(weekMetric(week, "resolved")),
    share_solved_in_grid: rate(get("solved_at:grid"), get("resolved")),
    resolution_rate: rate(get("resolved"), handled),
    on_time_rate: rate(get("on_time"), get("resolved")),
    reopened: get("reopened"),
    reopenings: get("reopenings"),
    reopen_rate: rate(get("reopened"), handled),
    satisfaction_rate: rate(get("satisfied"), get("feedback")),
  };
}

/** The bucket bound (hours) holding the median time to resolve, or null with nothing resolved. */
export function medianResolveHours(n: Counts): number | null {
  const resolved = read(n, "resolved");
  if (resolved === 0) return null;
  let seen = 0;
  for (const bound of RESOLVE_HOUR_BUCKETS) {
    seen += read(n, `resolve_hours:${bound}`);
    if (seen * 2 >= resolved) return bound;
  }
  return null; // the median lies beyond the last bucket (over 30 days)
}

/** Counter rows as `statsQueries` reads them: a scope and its metrics as one JSON object. */
interface CounterRow {
  scope: string;
  counts: string;
}

/** Each scope's counters, parsed once and read by key (no Map of a hundred entries per scope). */
function byScope(rows: CounterRow[]): Map<string, Counts> {
  return new Map(rows.map((row) => [row.scope, JSON.parse(row.counts) as Counts]));
}

const pick = <K extends string>(keys: readonly K[], prefix: string, n: Counts) =>
  Object.fromEntries(keys.map((k) => [k, read(n, `${prefix}:${k}`)])) as Record<K, number>;

/**
 * Which area statistics are about: by path, by id, or the district at the top; or a department's
 * cases across the district (its counters' scope is `department:<id>`).
 */
export type SubjectKind = "path" | "id" | "district" | "department";

export function subjectKind(idOrPath: string | null): SubjectKind {
  return idOrPath === null ? "district" : idOrPath.startsWith("/") ? "path" : "id";
}

/** The subject's condition, its value in the `subject` placeholder. */
const SUBJECT: Record<SubjectKind, () => SQL> = {
  path: () => eq(area.path, sql.placeholder("subject")),
  id: () => eq(area.id, sql.placeholder("subject")),
  district: () => isNull(area.parentId),
  department: () => isNull(area.parentId),
};

/** The placeholder values of `statsQueries`; `department` for the department kind. */
export function statsValues(idOrPath: string | null, now: Date, department = "") {
  const weeks = recentShanghaiWeeks(now, SERIES_WEEKS);
  return {
    subject: idOrPath,
    weekMetric: weekMetric(shanghaiWeek(now), "resolved"),
    department,
    // `week:<week>:<series>` sorts by week, then series: the run of weeks is one key range.
    weeksFrom: `week:${weeks[0]!.week}:`,
    weeksTo: `week:${weeks.at(-1)!.week};`,
  };
}

/** How many weeks the weekly series cover, this one included. */
export const SERIES_WEEKS = 12;

/** The weekly series from the subject's `week:…` counters, every week present (zero when none). */
export function weeklySeries(n: Counts, now: Date) {
  return recentShanghaiWeeks(now, SERIES_WEEKS).map(({ week, starts }) => {
    const counts = Object.fromEntries(WEEKLY_SERIES.map((series) => [series, read(n, weekMetric(week, series))])) as Record<
      WeeklySeries,
      number
    >;
    return {
      week,
      starts: shanghaiDateText(starts),
      ...counts,
      on_time_rate: rate(counts.on_time, counts.resolved),
      satisfaction_rate: rate(counts.satisfied, counts.feedback),
    };
  });
}

/** What a scorecard reads: a dozen counters per scope, this week's (a placeholder) among them. */
const SCORECARD_METRICS = [
  "total",
  "status:submitted",
  "status:in_progress",
  "status:rejected",
  "status:merged",
  "overdue",
  "resolved",
  "on_time",
  "reopened",
  "reopenings",
  "feedback",
  "satisfied",
  "solved_at:grid",
];

/**
 * One row per scope with its counters as a JSON object (metric → value). Every row D1 returns
 * costs time to serialize, send and parse: a street's statistics read ~400 counters but return
 * ~30 rows this way, which made its batch markedly cheaper on the local runtime (with the
 * department keys below; the figure is in bench/RESULTS.md).
 */
function countersOf(db: Database, where: SQL | undefined) {
  return db
    .select({ scope: caseCounter.scope, counts: sql<string>`json_group_object(${caseCounter.metric}, ${caseCounter.value})`.as("counts") })
    .from(caseCounter)
    .where(where)
    .groupBy(caseCounter.scope);
}

const areaColumns = { id: area.id, level: area.level, name: area.name, path: area.path };

/**
 * The statements of an area's statistics, to run alone or inside a larger batch, with the
 * placeholders of `statsValues`. Counters are read by (scope, metric) key: the subject's all but
 * other weeks', the children's and departments' only what their scorecards show, so the rows read
 * stay few whatever the years of history. Departments' scopes are named by key rather than as a
 * range of `department:…`, which would walk every week's counter of every department.
 */
export function statsQueries(db: Database, kind: SubjectKind) {
  const which = SUBJECT[kind]();
  const weekMetric = sql.placeholder("weekMetric");
  const subject = db.select({ id: area.id }).from(area).where(which).limit(1);
  const ownScope = kind === "department" ? sql`'department:' || ${sql.placeholder("department")}` : subject;
  // A department's figures come without the areas': those count every department's cases.
  const children = db
    .select({ id: area.id })
    .from(area)
    .where(kind === "department" ? sql`0` : eq(area.parentId, subject));
  const departmentScopes = db.select({ scope: sql`'department:' || ${department.id}` }).from(department);
  const card = inArray(caseCounter.metric, [...SCORECARD_METRICS, weekMetric]);
  // The weekly metrics sort last (`week:…`): the subject's key range stops before them, and this
  // week's figure comes with the recent weeks.
  const notWeekly = lt(caseCounter.metric, "week:");
  const recentWeeks = and(gte(caseCounter.metric, sql.placeholder("weeksFrom")), lt(caseCounter.metric, sql.placeholder("weeksTo")));
  return [
    db.select(areaColumns).from(area).where(which).limit(1),
    db.select(areaColumns).from(area).where(inArray(area.id, children)).orderBy(area.id),
    countersOf(db, and(eq(caseCounter.scope, ownScope), notWeekly)),
    countersOf(db, and(inArray(caseCounter.scope, children), card)),
    db.select({ id: department.id, name: department.name }).from(department).orderBy(department.id),
    countersOf(db, and(inArray(caseCounter.scope, departmentScopes), card)),
    countersOf(db, and(eq(caseCounter.scope, ownScope), recentWeeks)),
  ] as const;
}

/**
 * The statements of `statsQueries`, all read as D1 gives them: plain text columns under their own
 * names, so drizzle's row mapping can be skipped.
 */
export const STATS_AS_IS = [0, 1, 2, 3, 4, 5, 6] as const;

const runStats = {
  path: preparedBatch((db) => statsQueries(db, "path"), { asIs: STATS_AS_IS }),
  id: preparedBatch((db) => statsQueries(db, "id"), { asIs: STATS_AS_IS }),
  district: preparedBatch((db) => statsQueries(db, "district"), { asIs: STATS_AS_IS }),
  department: preparedBatch((db) => statsQueries(db, "department"), { asIs: STATS_AS_IS }),
};

type StatsResults = Awaited<ReturnType<(typeof runStats)["path"]>>;

/**
 * Statistics of an area from the results of `statsQueries`. With `department`, only that
 * department's figures: its cases across the district, and no other department's scorecard.
 */
export function assembleStats(results: StatsResults, areaName: string, now: Date, department?: string) {
  const [areas, childAreas, own, childCounts, allDepartments, departmentCounts, recent] = results;
  const subject = areas[0];
  if (!subject) throw new DomainError("not_found", `There is no area ${areaName}.`);
  const week = shanghaiWeek(now);
  const weekly = recent[0] ? (JSON.parse(recent[0].counts) as Counts) : NONE;
  const counts = own[0] ? { ...(JSON.parse(own[0].counts) as Counts), ...weekly } : weekly;
  const departments = department === undefined ? allDepartments : allDepartments.filter((d) => d.id === department);
  const byChild = byScope(childCounts);
  const byDepartment = byScope(departmentCounts);
  return {
    area: { id: subject.id, level: subject.level, name: subject.name, path: subject.path },
    ...scorecard(counts, week),
    by_status: pick(CASE_STATUSES, "status", counts),
    by_category: pick(CATEGORIES, "category", counts),
    open_by_level: pick(CASE_LEVELS, "open_level", counts),
    open_by_category: pick(CATEGORIES, "open_category", counts),
    solved_at_level: pick(CASE_LEVELS, "solved_at", counts),
    median_resolve_hours: medianResolveHours(counts),
    weeks: weeklySeries(weekly, now),
    children: childAreas.map((child) => ({
      area: { id: child.id, level: child.level, name: child.name, path: child.path },
      ...scorecard(byChild.get(child.id) ?? NONE, week),
    })),
    departments: departments.map((d) => ({
      department: { id: d.id, name: d.name },
      ...scorecard(byDepartment.get(`department:${d.id}`) ?? NONE, week),
    })),
  };
}

/**
 * Statistics of an area from the maintained counters: one round trip reading a few hundred rows,
 * whatever the number of cases.
 */
export async function caseStats(db: Database, idOrPath: string | null, now = new Date(), department?: string) {
  const kind = department === undefined ? subjectKind(idOrPath) : "department";
  const results = await runStats[kind](db, statsValues(idOrPath, now, department));
  return assembleStats(results, idOrPath ?? "of the district", now, department);
}
