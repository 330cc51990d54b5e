import { eq, inArray, type Placeholder, type SQL, sql } from "drizzle-orm";
import { type AreaLevel, CIRCLE_ROLES, type CircleRole, POSTER_ROLES } from "../schema/constants.ts";
import { station } from "../schema/station.ts";
import type { Database } from "./db.ts";

export interface CircleContact {
  id: number;
  area_id: string;
  role: CircleRole;
  name: string;
  organization: string | null;
  phone: string;
  department_id: string | null;
  source_area: { id: string; level: AreaLevel; name: string };
}

/**
 * The contacts within reach of the stations `where` selects (a condition on `station s`), one row
 * per station and contact (with the area it belongs to): those on the station's grid and the areas above it (depth 0 grid,
 * 1 community, 2 street, 3 district) and on the grid's micro-grids (depth 0: their assistants are
 * the grid team). Per role, the contacts of the nearest depth make the circle. The hierarchy has
 * fixed levels, so the walk up is four key lookups joined in one statement: the same walk as a
 * recursive CTE was far slower in workerd's SQLite and held the station page back (figures in
 * bench/RESULTS.md). The station page and the HSDS view both read circles through this.
 */
export function circleReach(where: SQL) {
  return sql`
    SELECT s.code, ct.id, ct.area_id, ct.role, ct.name, ct.organization, ct.phone, ct.department_id,
           ct.hsds_service_id, ct.hsds_organization_id, ct.updated_at, a.level AS area_level, a.name AS area_name,
           CASE ct.area_id WHEN g.id THEN 0 WHEN c.id THEN 1 WHEN st.id THEN 2 ELSE 3 END AS depth
    FROM station s
    JOIN area g ON g.id = s.grid_id
    LEFT JOIN area c ON c.id = g.parent_id
    LEFT JOIN area st ON st.id = c.parent_id
    LEFT JOIN area d ON d.id = st.parent_id
    JOIN contact ct ON ct.area_id IN (g.id, c.id, st.id, d.id) AND ct.active = 1
    JOIN area a ON a.id = ct.area_id
    WHERE ${where}
    UNION ALL
    SELECT s.code, ct.id, ct.area_id, ct.role, ct.name, ct.organization, ct.phone, ct.department_id,
           ct.hsds_service_id, ct.hsds_organization_id, ct.updated_at, m.level, m.name, 0
    FROM station s
    JOIN area m ON m.parent_id = s.grid_id AND m.level = 'micro_grid'
    JOIN contact ct ON ct.area_id = m.id AND ct.active = 1
    WHERE ${where}`;
}

const candidateColumns = {
  id: sql<number>`id`,
  area_id: sql<string>`area_id`,
  role: sql<CircleRole>`role`,
  name: sql<string>`name`,
  organization: sql<string | null>`organization`,
  phone: sql<string>`phone`,
  department_id: sql<string | null>`department_id`,
  area_level: sql<AreaLevel>`area_level`,
  area_name: sql<string>`area_name`,
  depth: sql<number>`depth`,
};

/** The candidates of a station's ten-minute livelihood circle, with the area each comes from. */
function circleQuery(db: Database, stationCode: string | Placeholder) {
  return db.select(candidateColumns).from(sql`(${circleReach(sql`s.code = ${stationCode}`)}) AS circle`);
}

/**
 * The candidates of the circles of every station `where` selects (a condition on `station s`),
 * limited to `roles`, each with its station's code: many circles in one statement, whatever the
 * number of stations (`toCircles` makes them circles).
 */
export function circlesQuery(db: Database, where: SQL, roles: readonly CircleRole[]) {
  return db
    .select({ code: sql<string>`code`, ...candidateColumns })
    .from(sql`(${circleReach(where)}) AS circle`)
    .where(inArray(sql`role`, [...roles]));
}

/** A candidate of a circle, with its depth (0 grid … 3 district). */
export type CircleRow = Awaited<ReturnType<typeof circleQuery>>[number];

const roleOrder = new Map<CircleRole, number>(CIRCLE_ROLES.map((role, i) => [role, i]));

/** The nearest contacts per role from `circleQuery`'s rows, in display order, shaped for the API. */
export function toCircle(rows: readonly CircleRow[]): CircleContact[] {
  const nearest = new Map<CircleRole, number>();
  for (const row of rows) nearest.set(row.role, Math.min(nearest.get(row.role) ?? Infinity, row.depth));
  return rows
    .filter((row) => row.depth === nearest.get(row.role))
    .sort((a, b) => (a.area_id < b.area_id ? -1 : a.area_id > b.area_id ? 1 : a.id - b.id))
    .map((row) => ({
      id: row.id,
      area_id: row.area_id,
      role: row.role,
      name: row.name,
      organization: row.organization,
      phone: row.phone,
      department_id: row.department_id,
      source_area: { id: row.area_id, level: row.area_level, name: row.area_name },
    }))
    .sort((a, b) => (roleOrder.get(a.role) ?? 99) - (roleOrder.get(b.role) ?? 99));
}

/** The circles of `circlesQuery`'s rows, by station code; a station without candidates has none. */
export function toCircles(rows: readonly (CircleRow & { code: string })[]): Map<string, CircleContact[]> {
  const byStation = new Map<string, CircleRow[]>();
  for (const row of rows) {
    const candidates = byStation.get(row.code);
    if (candidates) candidates.push(row);
    else byStation.set(row.code, [row]);
  }
  return new Map([...byStation].map(([code, candidates]) => [code, toCircle(candidates)]));
}

/** The contacts of a circle that a printed poster carries (`POSTER_ROLES`), in the circle's order. */
export function posterContacts(circle: readonly CircleContact[]): CircleContact[] {
  return circle.filter((contact) => (POSTER_ROLES as readonly CircleRole[]).includes(contact.role));
}

/** The circle of a station, or null when there is no such station; one round trip. */
export async function resolveCircle(db: Database, stationCode: string): Promise<CircleContact[] | null> {
  const [stations, rows] = await db.batch([
    db.select({ code: station.code }).from(station).where(eq(station.code, stationCode)),
    circleQuery(db, stationCode),
  ]);
  return stations.length === 0 ? null : toCircle(rows);
}
