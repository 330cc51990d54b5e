import { sql } from "drizzle-orm";
import { type CaseRow, caseCounter } from "../../schema/case.ts";
import { OPEN_STATUSES } from "../../schema/constants.ts";
import type { Database } from "../db.ts";
import { pathIds } from "../lib/area-path.ts";
import { preparedInsert } from "../lib/prepared-insert.ts";
import { shanghaiWeek } from "../lib/time.ts";

type CounterState = Pick<
  CaseRow,
  | "areaPath"
  | "departmentId"
  | "status"
  | "category"
  | "level"
  | "overdue"
  | "resolvedAt"
  | "resolvedLevel"
  | "resolvedOnTime"
  | "reopenCount"
  | "satisfaction"
  | "createdAt"
>;

/** Upper bounds (hours) of the time-to-resolve histogram; the median is read from it. */
export const RESOLVE_HOUR_BUCKETS = [1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 240, 336, 720] as const;

export function resolveBucket(hours: number): string {
  const bound = RESOLVE_HOUR_BUCKETS.find((b) => hours <= b);
  return bound === undefined ? "more" : String(bound);
}

/**
 * The metrics a case contributes to while it is in this state. Counters hold, per scope, how many
 * cases contribute each metric, so any write adjusts them by `metrics(after) - metrics(before)`.
 */
export function metricsOf(row: CounterState): string[] {
  const open = (OPEN_STATUSES as readonly string[]).includes(row.status);
  const metrics = ["total", `status:${row.status}`, `category:${row.category}`];
  if (open) metrics.push(`open_level:${row.level}`, `open_category:${row.category}`);
  if (open && row.overdue) metrics.push("overdue");
  if (row.resolvedAt) {
    metrics.push("resolved", `solved_at:${row.resolvedLevel}`);
    if (row.resolvedOnTime) metrics.push("on_time");
    metrics.push(`resolve_hours:${resolveBucket((row.resolvedAt.getTime() - row.createdAt.getTime()) / 3_600_000)}`);
  }
  if (row.reopenCount > 0) metrics.push("reopened");
  if (row.satisfaction) metrics.push("feedback");
  if (row.satisfaction === "satisfied") metrics.push("satisfied");
  metrics.push(...weeklyMetricsOf(row));
  return metrics;
}

/** The weekly series' metric of a week (`week:2026-W49:filed`): one key range holds a run of weeks. */
export const weekMetric = (week: string, series: WeeklySeries) => `week:${week}:${series}`;

export const WEEKLY_SERIES = ["filed", "resolved", "on_time", "feedback", "satisfied"] as const;
export type WeeklySeries = (typeof WEEKLY_SERIES)[number];

/**
 * The Shanghai weeks a case counts in: the week it was filed, and the week it was answered with
 * how it was answered (on time; the resident's verdict, once given, counts in the answer's week).
 */
function weeklyMetricsOf(row: CounterState): string[] {
  const metrics = [weekMetric(shanghaiWeek(row.createdAt), "filed")];
  if (!row.resolvedAt) return metrics;
  const week = shanghaiWeek(row.resolvedAt);
  metrics.push(weekMetric(week, "resolved"));
  if (row.resolvedOnTime) metrics.push(weekMetric(week, "on_time"));
  if (row.satisfaction) metrics.push(weekMetric(week, "feedback"));
  if (row.satisfaction === "satisfied") metrics.push(weekMetric(week, "satisfied"));
  return metrics;
}

/**
 * What a case adds to counters of things that happen more than once to it: a case reopened twice
 * is one `reopened` case and two `reopenings`.
 */
export function talliesOf(row: Pick<CounterState, "reopenCount">): [metric: string, times: number][] {
  return row.reopenCount > 0 ? [["reopenings", row.reopenCount]] : [];
}

/** Every area on the case's path, and its department while one holds it. */
export function scopesOf(row: Pick<CaseRow, "areaPath" | "departmentId">): string[] {
  const scopes = pathIds(row.areaPath);
  if (row.departmentId) scopes.push(`department:${row.departmentId}`);
  return scopes;
}

export interface CounterDelta {
  scope: string;
  metric: string;
  value: number;
}

export function counterDeltas(before: CounterState | null, after: CounterState): CounterDelta[] {
  const deltas = new Map<string, number>();
  const add = (state: CounterState, sign: number) => {
    const counted: [string, number][] = [...metricsOf(state).map((metric): [string, number] => [metric, 1]), ...talliesOf(state)];
    for (const scope of scopesOf(state)) {
      for (const [metric, times] of counted) {
        const key = `${scope}\n${metric}`;
        deltas.set(key, (deltas.get(key) ?? 0) + sign * times);
      }
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  return [...deltas]
    .filter(([, value]) => value !== 0)
    .map(([key, value]) => {
      const [scope, metric] = key.split("\n") as [string, string];
      return { scope, metric, value };
    });
}

/** Upserts adding the deltas, as few D1 statements as the 100-parameter limit allows (3 per row). */
export const counterStatements: (db: Database, deltas: CounterDelta[]) => D1PreparedStatement[] = preparedInsert(caseCounter, {
  upsert: { target: [caseCounter.scope, caseCounter.metric], set: { value: sql`${caseCounter.value} + excluded.value` } },
});
