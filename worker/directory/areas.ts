import { and, asc, eq, gt, isNull, type SQL, sql } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import type { AreaLevel } from "../../schema/constants.ts";
import type { Database } from "../db.ts";
import { decodeCursor, paginate } from "../lib/cursor.ts";

export interface AreaListQuery {
  parent?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Children of `parent` (or the top areas), by id. */
export async function listAreas(db: Database, query: AreaListQuery) {
  const after = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
  const rows = await db
    .select()
    .from(area)
    .where(
      and(
        query.parent ? eq(area.parentId, query.parent) : isNull(area.parentId),
        after === undefined ? undefined : gt(area.id, after),
      ),
    )
    .orderBy(asc(area.id))
    .limit(query.limit + 1);
  return paginate(rows, query.limit, (row) => [row.id]);
}

export interface AreaChainRow {
  id: string;
  level: AreaLevel;
  name: string;
  name_en: string | null;
}

/**
 * An area and its ancestors, district first, by walking `parent_id` (a handful of key lookups).
 * `start` selects the `(id, parent_id)` of the area to start from. The CTE sits in a subquery so
 * the statement is an ordinary drizzle select, which D1 batches can carry with its parameters.
 */
function areaChain(db: Database, start: SQL) {
  return db
    .select({
      id: sql<string>`id`,
      level: sql<AreaLevel>`level`,
      name: sql<string>`name`,
      name_en: sql<string | null>`name_en`,
    })
    .from(sql`(
      WITH RECURSIVE up(id, parent_id, depth) AS (
        ${start}
        UNION ALL
        SELECT a.id, a.parent_id, up.depth + 1 FROM area a JOIN up ON a.id = up.parent_id
      )
      SELECT a.id, a.level, a.name, a.name_en, up.depth FROM up JOIN area a ON a.id = up.id
    ) AS chain`)
    .orderBy(sql`depth DESC`);
}

export function areaChainOf(db: Database, areaId: string) {
  return areaChain(db, sql`SELECT id, parent_id, 0 FROM area WHERE id = ${areaId}`);
}

/**
 * District, street, community and grid of a station: four key lookups joined (stations sit on
 * grids, and the levels above a grid are fixed), which workerd's SQLite runs much faster than the
 * recursive walk of `areaChain`.
 */
export function areaChainOfStation(db: Database, stationCode: string) {
  return db
    .select({
      id: sql<string>`a.id`,
      level: sql<AreaLevel>`a.level`,
      name: sql<string>`a.name`,
      name_en: sql<string | null>`a.name_en`,
    })
    .from(sql`station s
      JOIN area g ON g.id = s.grid_id
      LEFT JOIN area c ON c.id = g.parent_id
      LEFT JOIN area st ON st.id = c.parent_id
      JOIN area a ON a.id IN (g.id, c.id, st.id, st.parent_id)`)
    .where(sql`s.code = ${stationCode}`)
    .orderBy(sql`length(a.path)`);
}

/** An area and its ancestors in one round trip; null when there is no such area. */
export async function getArea(db: Database, id: string) {
  const [rows, chain] = await db.batch([
    db.select().from(area).where(eq(area.id, id)).limit(1),
    areaChainOf(db, id),
  ]);
  const row = rows[0];
  if (!row) return null;
  // The chain ends with the area itself; its ancestors are the rest.
  return { area: row, ancestors: chain.slice(0, -1) };
}
