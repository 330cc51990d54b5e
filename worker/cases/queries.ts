import { and, asc, desc, eq, gte, lt, or, type SQL, sql } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { type CaseRow, caseEvent, casePhoto, caseTable } from "../../schema/case.ts";
import type { CaseLevel, CaseSort, CaseStatus, Category } from "../../schema/constants.ts";
import { station } from "../../schema/station.ts";
import type { Principal } from "../auth/principal.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { isInside } from "../lib/area-path.ts";
import { anyContains } from "../lib/text-search.ts";
import { notificationsOfCase } from "../notify/delivery-log.ts";
import { TRACKING_CODE_PATTERN } from "../workflow/ids.ts";
import { canSee } from "../workflow/relation.ts";
import { isOpen } from "./conditions.ts";
import { afterCursor, cursorOf, type Direction, orderBy } from "./list-order.ts";
import { photoSides } from "./photos.ts";
import { caseScope, checkAreaFilter, insideArea } from "./scope.ts";
import { describeTrail, placeNames, trailNameQueries } from "./trail.ts";

export interface CaseListQuery {
  status?: CaseStatus | undefined;
  category?: Category | undefined;
  level?: CaseLevel | undefined;
  area?: string | undefined;
  station?: string | undefined;
  overdue?: boolean | undefined;
  created_after?: string | undefined;
  created_before?: string | undefined;
  updated_after?: string | undefined;
  /** Words of the description, or a tracking code (typed with spaces, dashes or in lower case too). */
  q?: string | undefined;
  sort?: CaseSort | undefined;
  limit: number;
  /** Continue after this cursor (a `next_cursor`)… */
  cursor?: string | undefined;
  /** …or go back to the page before this one (a `previous_cursor`). */
  before?: string | undefined;
}

/** A count stops here: past it a list says "more than", and counting never walks a whole district. */
export const TOTAL_CAP = 10_000;

/** An `area` filter may be an id or a path; ids cost one lookup. */
export async function areaPathOf(db: Database, idOrPath: string): Promise<string> {
  if (idOrPath.startsWith("/")) return idOrPath;
  const found = await db.query.area.findFirst({ where: eq(area.id, idOrPath), columns: { path: true } });
  if (!found) throw new DomainError("not_found", `There is no area ${idOrPath}.`);
  return found.path;
}

/**
 * The search: description words through `instr` (D1 caps LIKE patterns at 50 bytes), or the
 * tracking code, whole (as a resident reads it out: spaces, dashes, any case) or in part.
 */
function searchCondition(q: string): SQL {
  const code = q.toUpperCase().replace(/[\s-]/g, "");
  const words = anyContains([caseTable.description, caseTable.trackingCode], q);
  return TRACKING_CODE_PATTERN.test(code) ? or(eq(caseTable.trackingCode, code), words)! : words;
}

/** The query's filters, without scope, area or cursor. */
function filterConditions(query: CaseListQuery): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [];
  if (query.status) conditions.push(eq(caseTable.status, query.status));
  if (query.category) conditions.push(eq(caseTable.category, query.category));
  if (query.level) conditions.push(eq(caseTable.level, query.level));
  if (query.station) conditions.push(eq(caseTable.stationCode, query.station));
  if (query.overdue !== undefined) {
    conditions.push(eq(caseTable.overdue, query.overdue));
    if (query.overdue) conditions.push(isOpen);
  }
  if (query.created_after) conditions.push(gte(caseTable.createdAt, new Date(query.created_after)));
  if (query.created_before) conditions.push(lt(caseTable.createdAt, new Date(query.created_before)));
  if (query.updated_after) conditions.push(gte(caseTable.updatedAt, new Date(query.updated_after)));
  const q = query.q?.trim();
  if (q) conditions.push(searchCondition(q));
  return conditions;
}

/** A list page's statements before its area: the rows (one more than the page) and a capped count. */
function listStatements(db: Database, principal: Principal, query: CaseListQuery) {
  const sort = query.sort ?? "newest";
  const direction: Direction = query.before ? "previous" : "next";
  const cursor = query.before ?? query.cursor;
  const filters = [caseScope(principal), ...filterConditions(query)];
  const positioned = cursor ? [...filters, afterCursor(sort, cursor, direction)] : filters;
  const page = (inArea: SQL | undefined) =>
    db
      .select()
      .from(caseTable)
      .where(and(...positioned, inArea))
      .orderBy(...orderBy(sort, direction))
      .limit(query.limit + 1);
  // The count walks the list's own index, in its order, and stops at the cap.
  const total = (inArea: SQL | undefined) => {
    const matching = db
      .select({ one: sql`1`.as("one") })
      .from(caseTable)
      .where(and(...filters, inArea))
      .orderBy(...orderBy(sort))
      .limit(TOTAL_CAP + 1)
      .as("matching");
    return db.select({ n: sql<number>`count(*)` }).from(matching);
  };
  const finish = (rows: CaseRow[]) => {
    const more = rows.length > query.limit;
    const slice = rows.slice(0, query.limit);
    const items = direction === "next" ? slice : slice.reverse();
    const first = items[0];
    const last = items.at(-1);
    const hasNext = direction === "next" ? more : items.length > 0;
    const hasPrevious = direction === "next" ? cursor !== undefined : more;
    return {
      items,
      next_cursor: hasNext && last ? cursorOf(sort, last) : null,
      previous_cursor: hasPrevious && first ? cursorOf(sort, first) : null,
    };
  };
  return { page, total, finish };
}

/**
 * A page of cases in the query's order (newest first by default), keyset-paginated on (the sort's
 * time, id), always inside the principal's scope, in one round trip. An `area` given by id is
 * looked up in the same batch as one candidate query per level (ids are unique across levels, so
 * all but one find nothing at once), and the matching one is kept.
 */
export async function listCases(db: Database, principal: Principal, query: CaseListQuery) {
  const { page, finish } = listStatements(db, principal, query);
  if (!query.area) return finish(await page(undefined));
  if (query.area.startsWith("/")) {
    checkAreaFilter(principal, query.area);
    return finish(await page(insideArea(query.area)));
  }
  const id = query.area;
  const [found, inStreet, inCommunity, inGrid, inMicroGrid, inDistrict] = await db.batch([
    db.select({ path: area.path, level: area.level }).from(area).where(eq(area.id, id)).limit(1),
    page(eq(caseTable.streetId, id)),
    page(eq(caseTable.communityId, id)),
    page(eq(caseTable.gridId, id)),
    page(eq(caseTable.microGridId, id)),
    page(undefined),
  ]);
  const target = found[0];
  if (!target) throw new DomainError("not_found", `There is no area ${id}.`);
  checkAreaFilter(principal, target.path);
  const byLevel = { district: inDistrict, street: inStreet, community: inCommunity, grid: inGrid, micro_grid: inMicroGrid };
  return finish(byLevel[target.level]);
}

/**
 * A list page and how many cases match (up to `TOTAL_CAP`) as two statements for the caller's
 * batch; the area, if any, is a path (pages choose areas from a list of names).
 */
export function caseListWithTotal(db: Database, principal: Principal, query: CaseListQuery & { area?: string | undefined }) {
  if (query.area) checkAreaFilter(principal, query.area);
  const { page, total, finish } = listStatements(db, principal, query);
  const inArea = query.area ? insideArea(query.area) : undefined;
  return {
    statements: [page(inArea), total(inArea)] as const,
    finish: (rows: CaseRow[], counted: { n: number }[]) => {
      const n = counted[0]?.n ?? 0;
      return { ...finish(rows), total: Math.min(n, TOTAL_CAP), more_than_total: n > TOTAL_CAP };
    },
  };
}

/** Whether a principal may read this case (the row-level twin of `caseScope`). */
export function principalCanRead(principal: Principal, row: CaseRow): boolean {
  if (principal.kind === "staff") return canSee(principal.actor, row);
  if (principal.kind === "api_key") return principal.areaPath === null || isInside(row.areaPath, principal.areaPath);
  return false;
}

export async function getCase(db: Database, principal: Principal, id: string): Promise<CaseRow> {
  const row = await db.query.caseTable.findFirst({ where: eq(caseTable.id, id) });
  if (!row || !principalCanRead(principal, row)) throw new DomainError("not_found", `There is no case ${id} in your scope.`);
  return row;
}

/** A case and its whole trail in one round trip. */
export async function getCaseWithEvents(db: Database, principal: Principal, id: string) {
  const [rows, events] = await db.batch([
    db.select().from(caseTable).where(eq(caseTable.id, id)).limit(1),
    db.select().from(caseEvent).where(eq(caseEvent.caseId, id)).orderBy(asc(caseEvent.id)),
  ]);
  const row = rows[0];
  if (!row || !principalCanRead(principal, row)) throw new DomainError("not_found", `There is no case ${id} in your scope.`);
  return { case: row, events };
}

/**
 * The staff case page's case in one round trip: the case, its whole trail, each event as the
 * resident reads it (with the names that takes), the place by name (its areas and station), and
 * the photos added to it (a resident's, a result's) that it keeps.
 */
export async function getCaseForStaff(db: Database, principal: Principal, id: string) {
  const [rows, events, areas, departments, photos, stations, notifications] = await db.batch([
    db.select().from(caseTable).where(eq(caseTable.id, id)).limit(1),
    db.select().from(caseEvent).where(eq(caseEvent.caseId, id)).orderBy(asc(caseEvent.id)),
    ...trailNameQueries(db, eq(caseTable.id, id)),
    db.select({ photoKey: casePhoto.photoKey }).from(casePhoto).where(eq(casePhoto.caseId, id)),
    db
      .select({ code: station.code, name: station.name, nameEn: station.nameEn })
      .from(station)
      .innerJoin(caseTable, eq(caseTable.stationCode, station.code))
      .where(eq(caseTable.id, id))
      .limit(1),
    notificationsOfCase(db, id),
  ]);
  const row = rows[0];
  if (!row || !principalCanRead(principal, row)) throw new DomainError("not_found", `There is no case ${id} in your scope.`);
  const names = { areas, departments };
  const trail = describeTrail(events, names);
  const photoKeys = photos.map((p) => p.photoKey);
  return {
    case: row,
    events,
    trail,
    photoKeys,
    photos: photoSides(row, trail, photoKeys),
    place: placeNames(names),
    station: stations[0] ?? null,
    /** Who was told of each event (staff only: the resident's trail never shows them). */
    notifications,
  };
}

/** Open cases of the same category at the same station: likely duplicates of a new report (batchable). */
export function similarCases(db: Database, principal: Principal, stationCode: string, category: Category) {
  return db
    .select()
    .from(caseTable)
    .where(and(caseScope(principal), eq(caseTable.stationCode, stationCode), eq(caseTable.category, category), isOpen))
    .orderBy(desc(caseTable.createdAt))
    .limit(10);
}
