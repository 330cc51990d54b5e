import type { CaseRow } from "../../schema/case.ts";
import {
  AREA_LEVELS,
  AREA_PATH_PATTERN,
  type AreaLevel,
  CASE_LEVELS,
  CASE_SORTS,
  CASE_STATUSES,
  CATEGORIES,
  type CaseSort,
} from "../../schema/constants.ts";
import type { Principal } from "../auth/principal.ts";
import { type CaseListQuery, caseListWithTotal } from "../cases/queries.ts";
import type { Database } from "../db.ts";
import { type AreaTreeRow, areaTree } from "../directory/areas.ts";
import { pathIds } from "../lib/area-path.ts";
import { shanghaiDate } from "../lib/time.ts";
import type { StaffActor } from "../workflow/actor.ts";

/** The staff list's filters as the form sends them (dates are Shanghai calendar days). */
export interface CaseListFilters {
  q?: string;
  status?: (typeof CASE_STATUSES)[number];
  category?: (typeof CATEGORIES)[number];
  level?: (typeof CASE_LEVELS)[number];
  area?: string;
  overdue?: "true";
  from?: string;
  to?: string;
  sort?: CaseSort;
}

const FILTER_NAMES = ["q", "status", "category", "level", "area", "overdue", "from", "to", "sort"] as const;

/**
 * The filters of a query string, and the names of the fields that are not valid (kept as typed,
 * so the form can show them again). Empty fields are no filter.
 */
export function readCaseListFilters(query: Record<string, string | undefined>) {
  const filters: CaseListFilters = {};
  const typed: Record<string, string> = {};
  const problems: string[] = [];
  const pick = <T extends string>(name: keyof CaseListFilters, allowed: readonly T[]) => {
    const value = query[name]?.trim();
    if (!value) return;
    typed[name] = value;
    if (allowed.includes(value as T)) (filters as Record<string, string>)[name] = value;
    else problems.push(name);
  };
  pick("status", CASE_STATUSES);
  pick("category", CATEGORIES);
  pick("level", CASE_LEVELS);
  pick("sort", CASE_SORTS);
  if (query.overdue === "true") filters.overdue = typed.overdue = "true";
  const q = query.q?.trim();
  if (q) {
    typed.q = q;
    if (q.length <= 100) filters.q = q;
    else problems.push("q");
  }
  const areaPath = query.area?.trim();
  if (areaPath) {
    typed.area = areaPath;
    if (AREA_PATH_PATTERN.test(areaPath)) filters.area = areaPath;
    else problems.push("area");
  }
  for (const name of ["from", "to"] as const) {
    const day = query[name]?.trim();
    if (!day) continue;
    typed[name] = day;
    if (shanghaiDate(day)) filters[name] = day;
    else problems.push(name);
  }
  if (filters.from && filters.to && filters.from > filters.to) problems.push("to");
  return { filters, typed, problems };
}

/** The filters as the list query takes them: calendar days become the instants that bound them. */
export function listQueryOf(filters: CaseListFilters): Omit<CaseListQuery, "limit"> {
  const from = filters.from ? shanghaiDate(filters.from) : null;
  const to = filters.to ? shanghaiDate(filters.to) : null;
  return {
    q: filters.q,
    status: filters.status,
    category: filters.category,
    level: filters.level,
    area: filters.area,
    overdue: filters.overdue ? true : undefined,
    created_after: from?.toISOString(),
    created_before: to ? new Date(to.getTime() + 24 * 3600_000).toISOString() : undefined,
    sort: filters.sort,
  };
}

/** The filters in the order of the form, as query parameters (links to other pages and exports). */
export function filterParams(filters: CaseListFilters): [string, string][] {
  return FILTER_NAMES.flatMap((name) => (filters[name] ? [[name, filters[name]] as [string, string]] : []));
}

/**
 * Which areas the list offers to filter by, by name: the two levels below the member's own
 * (a district-wide member gets streets and communities, a street its communities and grids, a
 * grid its micro-grids), a few hundred at most.
 */
export function areaChoicesQuery(db: Database, actor: StaffActor) {
  const own = actor.role === "admin" || actor.role === "department_officer" ? null : actor.areaPath;
  const depth = own ? pathIds(own).length : 1;
  const levels = AREA_LEVELS.slice(depth, depth + 2) as AreaLevel[];
  return areaTree(db, { path: own ?? "/", levels: levels.length > 0 ? levels : ["micro_grid"] });
}

export type AreaChoice = AreaTreeRow;

/** The page a list with a mistyped filter shows: nothing found, nothing to page to. */
export const NO_CASES = {
  items: [] as CaseRow[],
  total: 0,
  more_than_total: false,
  next_cursor: null as string | null,
  previous_cursor: null as string | null,
};

/** A page of the staff list with its total and the area choices, in one round trip. */
export async function loadCaseList(
  db: Database,
  principal: Principal,
  actor: StaffActor,
  filters: CaseListFilters,
  page: { limit: number; cursor?: string | undefined; before?: string | undefined },
) {
  const list = caseListWithTotal(db, principal, { ...listQueryOf(filters), ...page });
  const [rows, counted, areas] = await db.batch([...list.statements, areaChoicesQuery(db, actor)]);
  return { ...list.finish(rows, counted), areas };
}
