import { and, asc, eq, gt, gte, inArray, lt, sql } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { POSTER_ROLES } from "../../schema/constants.ts";
import { type NewStation, type Station, station } from "../../schema/station.ts";
import { circlesQuery, toCircles } from "../circle.ts";
import { type Database, type Extra, writeWith } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { locationId } from "../hsds/ids.ts";
import { refillPairings } from "../hsds/pairing-store.ts";
import { insidePath } from "../lib/area-path.ts";
import { decodeCursor, paginate } from "../lib/cursor.ts";
import { anyContains } from "../lib/text-search.ts";
import { refillStationPages } from "../resident/station-page-store.ts";
import { areaChainOfStation } from "./areas.ts";
import { directoryChanged } from "./changes.ts";
import { nextRevision, staleRevision } from "./revision.ts";

export interface StationListQuery {
  area?: string | undefined;
  q?: string | undefined;
  active: boolean;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Stations by code, optionally inside an area's subtree and matching a text. The area is looked up
 * in the same round trip (a batch) so an unknown area is a clear error, not an empty list.
 */
export async function listStations(db: Database, query: StationListQuery) {
  const after = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
  // Subqueries rather than a prior lookup keep this one statement; SQLite evaluates them once and
  // still walks station_area_path_idx as a range (see insidePath for why the bounds work).
  const pathOfArea = sql`(SELECT path FROM area WHERE id = ${query.area ?? ""})`;
  const endOfArea = sql`(SELECT substr(path, 1, length(path) - 1) || '0' FROM area WHERE id = ${query.area ?? ""})`;
  const stations = db
    .select()
    .from(station)
    .where(
      and(
        eq(station.active, query.active),
        query.area ? and(gte(station.areaPath, pathOfArea), lt(station.areaPath, endOfArea)) : undefined,
        query.q ? anyContains([station.name, station.code, station.address], query.q) : undefined,
        after === undefined ? undefined : gt(station.code, after),
      ),
    )
    .orderBy(asc(station.code))
    .limit(query.limit + 1);
  if (!query.area) return paginate(await stations, query.limit, (row) => [row.code]);
  const [found, rows] = await db.batch([db.select({ id: area.id }).from(area).where(eq(area.id, query.area)).limit(1), stations]);
  if (found.length === 0) throw new DomainError("not_found", `There is no area ${query.area}.`);
  return paginate(rows, query.limit, (row) => [row.code]);
}

/** A station and its chain of areas (district → grid) in one round trip. */
async function getStation(db: Database, code: string) {
  const [rows, areas] = await db.batch([db.select().from(station).where(eq(station.code, code)).limit(1), areaChainOfStation(db, code)]);
  const row = rows[0];
  return row ? { station: row, areas } : null;
}

export async function requireStation(db: Database, code: string) {
  const found = await getStation(db, code);
  if (!found) throw new DomainError("not_found", `There is no station ${code}.`);
  return found;
}

/** A street has a few hundred stations at most; a sheet of more is a mistaken area, not a print run. */
const POSTER_BATCH_LIMIT = 300;

/**
 * The active stations inside an area, by code, each with the contacts its poster prints, for a
 * batch of printed posters: the stations and all their circles in one round trip, resolved as the
 * station page resolves one circle, with a handful of bound values however many stations there are.
 */
export async function stationsForPosters(db: Database, path: string) {
  const chosen = db
    .select({ code: station.code })
    .from(station)
    .where(and(eq(station.active, true), insidePath(station.areaPath, path)))
    .orderBy(asc(station.code))
    .limit(POSTER_BATCH_LIMIT);
  const [stations, candidates] = await db.batch([
    db.select().from(station).where(inArray(station.code, chosen)).orderBy(asc(station.code)),
    circlesQuery(db, sql`s.code IN ${chosen}`, POSTER_ROLES),
  ]);
  const circles = toCircles(candidates);
  return stations.map((row) => ({ station: row, contacts: circles.get(row.code) ?? [] }));
}

async function gridPath(db: Database, gridId: string): Promise<string> {
  const grid = await db.query.area.findFirst({ where: eq(area.id, gridId) });
  if (grid?.level !== "grid") {
    throw new DomainError("validation_failed", "A station belongs to a grid.", {
      details: [{ path: "grid_id", message: `${gridId} is not a grid` }],
    });
  }
  return grid.path;
}

export async function createStation(db: Database, input: Omit<NewStation, "areaPath">, extras: Extra[] = []) {
  const areaPath = await gridPath(db, input.gridId);
  const exists = await db.query.station.findFirst({ where: eq(station.code, input.code), columns: { code: true } });
  if (exists) throw new DomainError("conflict", `A station with the code ${input.code} already exists.`);
  const hsdsId = await locationId(input.code);
  const inserted = await writeWith(
    db,
    db
      .insert(station)
      .values({ ...input, areaPath, hsdsId })
      .onConflictDoNothing()
      .returning(),
    [...extras, refillStationPages(db), refillPairings(db)],
  );
  directoryChanged();
  if (inserted.length === 0) {
    throw new DomainError("conflict", `A station with the code ${input.code} already exists.`);
  }
  return requireStation(db, input.code);
}

/**
 * Changes a station. `fromRevision` is the revision the change was made from (If-Match, the
 * admin form's hidden field): if the station has moved on since, nothing is written.
 */
export async function updateStation(
  db: Database,
  code: string,
  changes: Partial<Omit<Station, "code" | "revision">>,
  extras: Extra[] = [],
  fromRevision?: number,
) {
  const moved = changes.gridId ? { areaPath: await gridPath(db, changes.gridId) } : {};
  const exists = await db.query.station.findFirst({ where: eq(station.code, code), columns: { code: true } });
  if (!exists) throw new DomainError("not_found", `There is no station ${code}.`);
  const write = db
    .update(station)
    .set({ ...changes, ...moved, revision: nextRevision(station.revision, fromRevision) })
    .where(eq(station.code, code))
    .returning({ code: station.code });
  const updated = await writeWith(db, write, [...extras, refillStationPages(db), refillPairings(db)]).catch((error) => {
    throw staleRevision(error, `Station ${code}`) ?? error;
  });
  directoryChanged();
  if (updated.length === 0) throw new DomainError("not_found", `There is no station ${code}.`);
  return requireStation(db, code);
}
