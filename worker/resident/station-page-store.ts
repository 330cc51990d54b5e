import { sql } from "drizzle-orm";
import type { StationService } from "../../schema/constants.ts";
import type { OpeningHours } from "../../schema/opening-hours.ts";
import { stationPage, stationPageHtml } from "../../schema/station-page.ts";
import { type CircleRow, circleReach } from "../circle.ts";
import type { Database } from "../db.ts";
import { type AreaChainRow, areaChainOfGrid } from "../directory/areas.ts";
import { fnv1a } from "../lib/encoding.ts";

/** The page's data as `station_page` keeps it (the circle as its nearest candidates per role, unsorted). */
export interface StoredStationPage {
  station: {
    code: string;
    name: string;
    nameEn: string | null;
    gridId: string;
    areaPath: string;
    address: string;
    lat: number | null;
    lng: number | null;
    openingHours: OpeningHours;
    services: StationService[];
  };
  areas: AreaChainRow[];
  circle: CircleRow[];
  microGrids: { id: string; name: string; path: string }[];
}

/**
 * Everything the station page shows of the station `ps` (an alias of `station` in the enclosing
 * statement) as one JSON text, built by SQLite: the station, its areas from the district down,
 * its circle (per role the contacts of the nearest area, those `toCircle` shows) and its
 * micro-grids. Read as four statements and ~45 rows, the same data cost the local runtime more per
 * page than this one row, and a stored copy of it (a key lookup) less again (figures in bench/RESULTS.md).
 */
// Each subquery's array is passed through json(): SQLite keeps the JSON subtype of a value only
// within one query level, and newer versions (the self-hosted runtime's) would nest it as text.
const pageJson = (db: Database) => sql`json_object(
  'station', json_object(
    'code', ps.code, 'name', ps.name, 'nameEn', ps.name_en, 'gridId', ps.grid_id, 'areaPath', ps.area_path,
    'address', ps.address, 'lat', ps.lat, 'lng', ps.lng,
    'openingHours', json(ps.opening_hours), 'services', json(ps.services)),
  'areas', json((
    SELECT json_group_array(json_object('id', a.id, 'level', a.level, 'name', a.name, 'name_en', a.name_en))
    FROM (${areaChainOfGrid(db, sql`ps.grid_id`)}) AS a)),
  'circle', json((
    SELECT json_group_array(json_object(
      'id', c.id, 'area_id', c.area_id, 'role', c.role, 'name', c.name, 'organization', c.organization,
      'phone', c.phone, 'department_id', c.department_id, 'area_level', c.area_level, 'area_name', c.area_name,
      'depth', c.depth))
    FROM (SELECT *, MIN(depth) OVER (PARTITION BY role) AS nearest FROM (${circleReach(sql`s.code = ps.code`)})) AS c
    WHERE c.depth = c.nearest)),
  'microGrids', json((
    SELECT json_group_array(json_object('id', m.id, 'name', m.name, 'path', m.path))
    FROM (SELECT id, name, path FROM area WHERE parent_id = ps.grid_id AND level = 'micro_grid' ORDER BY id) AS m))
)`;

/** The page's data computed from the directory as it is; null for no such active station. */
export function livePageQuery(db: Database) {
  return db
    .select({ data: sql<string>`${pageJson(db)}`.as("data") })
    .from(sql`station ps`)
    .where(sql`ps.code = ${sql.placeholder("code")} AND ps.active = 1`);
}

/**
 * The shape of the stored data, named by the SQL that builds it: rows a different build wrote are
 * never read, and the next refill replaces them.
 */
export const pageVersion = (db: Database) => fnv1a(livePageQuery(db).toSQL().sql);

/**
 * The ready page of a station, and whether an active station has that code (so an unknown code
 * is a 404 without a second look).
 */
export function readyPageQuery(db: Database) {
  const code = sql.placeholder("code");
  return db
    .select({
      data: sql<string | null>`(SELECT data FROM ${stationPage} WHERE code = ${code} AND version = ${pageVersion(db)})`.as("data"),
      present: sql<number>`EXISTS (SELECT 1 FROM station WHERE code = ${code} AND active = 1)`.as("present"),
    })
    .from(sql`(SELECT 1)`);
}

/**
 * Stores the page of every active station that has no ready page of this build. Rides in the
 * batch of every directory write (whose triggers have just emptied the table), and on the cron.
 */
export function refillStationPages(db: Database) {
  // Written into the SQL (hex digits only): drizzle 0.45 cannot batch `db.run` with bound values.
  const version = sql.raw(`'${pageVersion(db)}'`);
  return db.run(sql`
    INSERT INTO ${stationPage} (code, version, data, stamp)
    SELECT ps.code, ${version}, ${pageJson(db)}, lower(hex(randomblob(8)))
    FROM station ps
    WHERE ps.active = 1 AND NOT EXISTS (SELECT 1 FROM ${stationPage} r WHERE r.code = ps.code AND r.version = ${version})
    ON CONFLICT (code) DO UPDATE SET version = excluded.version, data = excluded.data, stamp = excluded.stamp`);
}

export interface ReadyHtmlRow {
  html: string | null;
  data: string | null;
  stamp: string | null;
}

/**
 * A station's ready HTML in one variant, if it was rendered by these templates from the ready row
 * as it is now; else that row's data and stamp (to render from, and to store the HTML under), else
 * nothing stored: no row at all means no such active station.
 */
export function readyHtmlQuery(db: Database) {
  const code = sql.placeholder("code");
  return db
    .select({
      html: sql<string | null>`h.html`.as("html"),
      data: sql<string | null>`CASE WHEN h.html IS NULL THEN p.data END`.as("data"),
      stamp: sql<string | null>`p.stamp`.as("stamp"),
    })
    .from(sql`station s`)
    .leftJoin(sql`${stationPage} p`, sql`p.code = s.code AND p.version = ${pageVersion(db)}`)
    .leftJoin(
      sql`${stationPageHtml} h`,
      sql`h.code = s.code AND h.variant = ${sql.placeholder("variant")} AND h.renderer = ${sql.placeholder("renderer")} AND h.stamp = p.stamp`,
    )
    .where(sql`s.code = ${code} AND s.active = 1`);
}

/** Keeps a station's HTML, only if the ready row it was rendered from is still the one stored. */
export function storeReadyHtml(db: Database, page: { code: string; variant: string; renderer: string; stamp: string; html: string }) {
  return db.run(sql`
    INSERT INTO ${stationPageHtml} (code, variant, renderer, stamp, html)
    SELECT ${page.code}, ${page.variant}, ${page.renderer}, ${page.stamp}, ${page.html}
    WHERE EXISTS (SELECT 1 FROM ${stationPage} WHERE code = ${page.code} AND stamp = ${page.stamp})
    ON CONFLICT (code, variant) DO UPDATE SET renderer = excluded.renderer, stamp = excluded.stamp, html = excluded.html`);
}

/** Drops HTML whose ready row has since changed or gone (the cron's; such rows are never read anyway). */
export function pruneReadyHtml(db: Database) {
  return db.run(sql`
    DELETE FROM ${stationPageHtml}
    WHERE NOT EXISTS (SELECT 1 FROM ${stationPage} p WHERE p.code = ${stationPageHtml}.code AND p.stamp = ${stationPageHtml}.stamp)`);
}

export function parseStoredPage(data: string): StoredStationPage {
  return JSON.parse(data) as StoredStationPage;
}
