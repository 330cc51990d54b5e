import { and, asc, eq, gt, inArray, isNull, type Placeholder, type SQL, sql } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { AREA_LEVELS, type AreaLevel } from "../../schema/constants.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { insidePath } from "../lib/area-path.ts";
import { decodeCursor, paginate } from "../lib/cursor.ts";

export interface AreaListQuery {
  parent?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Children of `parent` (or the top areas), by id. */
export async function listAreas(db: Database, query: AreaListQuery) {
  const after = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
  const rows = db
    .select()
    .from(area)
    .where(
      and(query.parent ? eq(area.parentId, query.parent) : isNull(area.parentId), after === undefined ? undefined : gt(area.id, after)),
    )
    .orderBy(asc(area.id))
    .limit(query.limit + 1);
  if (!query.parent) return paginate(await rows, query.limit, (row) => [row.id]);
  // An unknown parent is named (404), as an unknown area filter is everywhere; a micro-grid just has no children.
  const [found, page] = await db.batch([db.select({ id: area.id }).from(area).where(eq(area.id, query.parent)).limit(1), rows]);
  if (found.length === 0) throw new DomainError("not_found", `There is no area ${query.parent}.`);
  return paginate(page, query.limit, (row) => [row.id]);
}

/**
 * The areas inside `path` (every area by default) of these levels, parents before their children
 * (path order): what a form offers to choose an area by name from, and `npm run admin -- areas list`.
 */
export function areaTree(db: Database, { path = "/", levels = AREA_LEVELS }: { path?: string; levels?: readonly AreaLevel[] } = {}) {
  return db
    .select({ id: area.id, path: area.path, name: area.name, level: area.level })
    .from(area)
    .where(and(insidePath(area.path, path), inArray(area.level, [...levels])))
    .orderBy(asc(area.path));
}

export type AreaTreeRow = Awaited<ReturnType<typeof areaTree>>[number];

/**
 * An area `x` and its ancestors, district first. Areas have at most five levels, so the walk up
 * is four key lookups joined in one statement; workerd's SQLite runs that far faster than the same
 * walk as a recursive CTE. `from` must bind the starting area as `x`.
 */
function areaChain(db: Database, from: SQL, where: SQL) {
  return db
    .select({
      id: sql<string>`a.id`,
      level: sql<AreaLevel>`a.level`,
      name: sql<string>`a.name`,
      name_en: sql<string | null>`a.name_en`,
    })
    .from(sql`${from}
      LEFT JOIN area p ON p.id = x.parent_id
      LEFT JOIN area pp ON pp.id = p.parent_id
      LEFT JOIN area ppp ON ppp.id = pp.parent_id
      JOIN area a ON a.id IN (x.id, p.id, pp.id, ppp.id, ppp.parent_id)`)
    .where(where)
    .orderBy(sql`length(a.path)`);
}

export type AreaChainRow = Awaited<ReturnType<typeof areaChain>>[number];

function areaChainOf(db: Database, areaId: string) {
  return areaChain(db, sql`area x`, sql`x.id = ${areaId}`);
}

/** District, street, community and grid above a grid (an id, or a column of an enclosing statement). */
export function areaChainOfGrid(db: Database, gridId: SQL) {
  return areaChain(db, sql`area x`, sql`x.id = ${gridId}`);
}

/** District, street, community and grid of a station. */
export function areaChainOfStation(db: Database, stationCode: string | Placeholder) {
  return areaChain(db, sql`station s JOIN area x ON x.id = s.grid_id`, sql`s.code = ${stationCode}`);
}

/** An area and its ancestors in one round trip; null when there is no such area. */
export async function getArea(db: Database, id: string) {
  const [rows, chain] = await db.batch([db.select().from(area).where(eq(area.id, id)).limit(1), areaChainOf(db, id)]);
  const row = rows[0];
  if (!row) return null;
  // The chain ends with the area itself; its ancestors are the rest.
  return { area: row, ancestors: chain.slice(0, -1) };
}
