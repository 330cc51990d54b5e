import type { CaseLevel, CaseStatus, Category } from "../../schema/constants.ts";
import { CASE_LEVELS, CASE_STATUSES, CATEGORIES } from "../../schema/constants.ts";
import type { Principal } from "../auth/principal.ts";
import { checkAreaFilter } from "../cases/scope.ts";
import { caseStats, type scorecard } from "../cases/stats.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import type { StaffActor } from "../workflow/actor.ts";
import type { Cell, Sheet } from "./table.ts";

type Stats = Awaited<ReturnType<typeof caseStats>>;
type Scorecard = ReturnType<typeof scorecard>;

/**
 * The statistics a member may read, as the statistics API decides: an area inside their own
 * (their own by default), or for a department officer their department's district-wide figures.
 */
export async function statsForStaff(db: Database, principal: Principal, actor: StaffActor, areaPath: string | null, now: Date) {
  if (actor.role === "department_officer") {
    if (areaPath) throw new DomainError("forbidden", "Department officers read their department's statistics, which are district-wide.");
    return caseStats(db, null, now, actor.departmentId ?? "");
  }
  const own = actor.role === "admin" ? null : actor.areaPath;
  const stats = await caseStats(db, areaPath ?? own, now);
  checkAreaFilter(principal, stats.area.path);
  if (own && !stats.area.path.startsWith(own))
    throw new DomainError("forbidden", `Statistics above your area (${own}) are not yours to read.`);
  return stats;
}

export interface StatsExportWords {
  summary: string;
  children: string;
  departments: string;
  metric: string;
  value: string;
  byStatus: string;
  byCategory: string;
  openByLevel: string;
  solvedAtLevel: string;
  medianHours: string;
  card: Record<
    "name" | "total" | "open" | "overdue" | "resolvedWeek" | "inGrid" | "resolution" | "onTime" | "reopen" | "satisfaction",
    string
  >;
  category: (value: Category) => string;
  status: (value: CaseStatus) => string;
  level: (value: CaseLevel) => string;
}

/** A rate as a percentage with one decimal, the way reports upward print it. */
const percent = (rate: number | null): Cell => (rate === null ? null : Math.round(rate * 1000) / 10);

const CARD_COLUMNS = ["total", "open", "overdue", "resolvedWeek", "inGrid", "resolution", "onTime", "reopen", "satisfaction"] as const;
const RATES = new Set(["inGrid", "resolution", "onTime", "reopen", "satisfaction"]);

function cardCells(card: Scorecard): Cell[] {
  return [
    card.total,
    card.open,
    card.overdue,
    card.resolved_this_week,
    percent(card.share_solved_in_grid),
    percent(card.resolution_rate),
    percent(card.on_time_rate),
    percent(card.reopen_rate),
    percent(card.satisfaction_rate),
  ];
}

/**
 * An area's statistics as three sheets: the area's own figures (its scorecard, then counts by
 * status, category and level), the scorecards of the areas below, and the departments'.
 */
export function statsSheets(stats: Stats, words: StatsExportWords): Sheet[] {
  const cardHeader = [words.card.name, ...CARD_COLUMNS.map((c) => (RATES.has(c) ? `${words.card[c]} (%)` : words.card[c]))];
  const own = cardCells(stats);
  const summary: Cell[][] = [
    [words.card.name, stats.area.name],
    ...CARD_COLUMNS.map((c, i) => [RATES.has(c) ? `${words.card[c]} (%)` : words.card[c], own[i] ?? null]),
    [words.medianHours, stats.median_resolve_hours],
    ...CASE_STATUSES.map((s) => [`${words.byStatus}: ${words.status(s)}`, stats.by_status[s]]),
    ...CATEGORIES.map((c) => [`${words.byCategory}: ${words.category(c)}`, stats.by_category[c]]),
    ...CASE_LEVELS.map((l) => [`${words.openByLevel}: ${words.level(l)}`, stats.open_by_level[l]]),
    ...CASE_LEVELS.map((l) => [`${words.solvedAtLevel}: ${words.level(l)}`, stats.solved_at_level[l]]),
  ];
  return [
    { name: words.summary, header: [words.metric, words.value], chunks: [summary] },
    { name: words.children, header: cardHeader, chunks: [stats.children.map((child) => [child.area.name, ...cardCells(child)])] },
    { name: words.departments, header: cardHeader, chunks: [stats.departments.map((d) => [d.department.name, ...cardCells(d)])] },
  ];
}

/** How many rows the sheets hold, for the audit entry. */
export function statsRowCount(stats: Stats): number {
  return stats.children.length + stats.departments.length;
}
