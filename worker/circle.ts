import { eq, sql } from "drizzle-orm";
import { type AreaLevel, CIRCLE_ROLES, type CircleRole } from "../schema/constants.ts";
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
 * The candidates of a station's ten-minute livelihood circle as one statement: the contacts on
 * every area from the station's grid up to the district (depth 0, 1, …) and on the grid's
 * micro-grids (depth 0: their assistants are the grid team). `toCircle` keeps, per role, the
 * contacts of the nearest depth. (Choosing in SQL with a window function cost workerd's SQLite
 * several milliseconds for a couple of dozen rows; the choice in code costs nothing.)
 */
export function circleQuery(db: Database, stationCode: string) {
  return db
    .select({
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
    })
    .from(sql`(
      WITH RECURSIVE up(id, parent_id, depth) AS (
        SELECT a.id, a.parent_id, 0 FROM station s JOIN area a ON a.id = s.grid_id WHERE s.code = ${stationCode}
        UNION ALL
        SELECT a.id, a.parent_id, up.depth + 1 FROM area a JOIN up ON a.id = up.parent_id
      ),
      reach(id, depth) AS (
        SELECT id, depth FROM up
        UNION ALL
        SELECT m.id, 0 FROM station s JOIN area m ON m.parent_id = s.grid_id
        WHERE s.code = ${stationCode} AND m.level = 'micro_grid'
      )
      SELECT c.id, c.area_id, c.role, c.name, c.organization, c.phone, c.department_id,
             a.level AS area_level, a.name AS area_name, reach.depth
      FROM reach
      JOIN contact c ON c.area_id = reach.id AND c.active = 1
      JOIN area a ON a.id = c.area_id
    ) AS circle`);
}

const roleOrder = new Map<CircleRole, number>(CIRCLE_ROLES.map((role, i) => [role, i]));

/** The nearest contacts per role from `circleQuery`'s rows, in display order, shaped for the API. */
export function toCircle(rows: Awaited<ReturnType<typeof circleQuery>>): CircleContact[] {
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

/** The circle of a station, or null when there is no such station; one round trip. */
export async function resolveCircle(db: Database, stationCode: string): Promise<CircleContact[] | null> {
  const [stations, rows] = await db.batch([
    db.select({ code: station.code }).from(station).where(eq(station.code, stationCode)),
    circleQuery(db, stationCode),
  ]);
  return stations.length === 0 ? null : toCircle(rows);
}
