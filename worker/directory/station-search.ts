import { and, asc, eq, or, sql } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { area } from "../../schema/area.ts";
import { station } from "../../schema/station.ts";
import type { Database } from "../db.ts";

/** `%`, `_` and `\` typed by a visitor are searched for literally. */
export function containing(text: string) {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** `column LIKE pattern` with `\` as the escape character `containing` uses. */
export function likeText(column: SQLiteColumn, pattern: string) {
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

/**
 * Stations whose name, code, address, community or street contains the text. The whole district
 * has about a thousand stations, so a scan of them is cheaper than maintaining a search index.
 */
export async function searchStations(db: Database, text: string, limit = 50) {
  const grid = alias(area, "grid");
  const community = alias(area, "community");
  const street = alias(area, "street");
  const pattern = containing(text);
  const like = (column: SQLiteColumn) => likeText(column, pattern);
  return db
    .select({ code: station.code, name: station.name, community: community.name, street: street.name })
    .from(station)
    .innerJoin(grid, eq(grid.id, station.gridId))
    .innerJoin(community, eq(community.id, grid.parentId))
    .innerJoin(street, eq(street.id, community.parentId))
    .where(
      and(
        eq(station.active, true),
        or(like(station.name), like(station.code), like(station.address), like(community.name), like(street.name)),
      ),
    )
    .orderBy(asc(station.code))
    .limit(limit);
}
