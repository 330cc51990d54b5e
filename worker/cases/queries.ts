import { and, asc, desc, eq, gte, lt, lte, or, type SQL } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { type CaseRow, caseEvent, casePhoto, caseTable } from "../../schema/case.ts";
import type { CaseLevel, CaseStatus, Category } from "../../schema/constants.ts";
import { station } from "../../schema/station.ts";
import type { Principal } from "../auth/principal.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { isInside } from "../lib/area-path.ts";
import { decodeCursor, paginate } from "../lib/cursor.ts";
import { canSee } from "../workflow/relation.ts";
import { isOpen } from "./conditions.ts";
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
  limit: number;
  cursor?: string | undefined;
}

/** An `area` filter may be an id or a path; ids cost one lookup. */
export async function areaPathOf(db: Database, idOrPath: string): Promise<string> {
  if (idOrPath.startsWith("/")) return idOrPath;
  const found = await db.query.area.findFirst({ where: eq(area.id, idOrPath), columns: { path: true } });
  if (!found) throw new DomainError("not_found", `There is no area ${idOrPath}.`);
  return found.path;
}

/**
 * Newest first, keyset-paginated on (created_at, id), always inside the principal's scope, in one
 * round trip. An `area` given by id is looked up in the same batch as one candidate query per level
 * (ids are unique across levels, so all but one find nothing at once), and the matching one is kept.
 */
export async function listCases(db: Database, principal: Principal, query: CaseListQuery) {
  const conditions: (SQL | undefined)[] = [caseScope(principal)];
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
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, 2);
    const since = new Date(Number(at));
    // "Before (since, id)" with its leading bound on its own: SQLite seeks the index to `since`
    // rather than walking from the newest case (the OR alone made a deep page at 1M cases far slower:
    // bench/RESULTS.md).
    conditions.push(and(lte(caseTable.createdAt, since), or(lt(caseTable.createdAt, since), lt(caseTable.id, String(id)))));
  }
  const page = (inArea: SQL | undefined) =>
    db
      .select()
      .from(caseTable)
      .where(and(...conditions, inArea))
      .orderBy(desc(caseTable.createdAt), desc(caseTable.id))
      .limit(query.limit + 1);
  const finish = (rows: CaseRow[]) => paginate(rows, query.limit, (row) => [row.createdAt.getTime(), row.id]);

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
  const [rows, events, areas, departments, photos, stations] = await db.batch([
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
