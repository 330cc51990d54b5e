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
 * The ten-minute livelihood circle of a station as one statement: walk up from the station's grid
 * to the district (depth 0, 1, …), add the grid's micro-grids at depth 0 (their assistants are the
 * grid team), and keep, per role, every contact of the nearest depth that has one. The CTE sits in
 * a subquery so this is an ordinary drizzle select, which D1 batches carry with its parameters.
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
      ),
      candidate AS (
        SELECT c.id, c.area_id, c.role, c.name, c.organization, c.phone, c.department_id,
               a.level AS area_level, a.name AS area_name, reach.depth,
               MIN(reach.depth) OVER (PARTITION BY c.role) AS nearest
        FROM reach
        JOIN contact c ON c.area_id = reach.id AND c.active = 1
        JOIN area a ON a.id = c.area_id
      )
      SELECT * FROM candidate WHERE depth = nearest
    ) AS circle`)
    .orderBy(sql`area_id`, sql`id`);
}

const roleOrder = new Map<CircleRole, number>(CIRCLE_ROLES.map((role, i) => [role, i]));

/** Rows of `circleQuery` in display order (the order of CIRCLE_ROLES), shaped for the API. */
export function toCircle(rows: Awaited<ReturnType<typeof circleQuery>>): CircleContact[] {
  return rows
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
