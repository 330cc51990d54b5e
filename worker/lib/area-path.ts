import { and, gte, lt, type SQLWrapper } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * Paths look like `/xhl/jh/jh05/`. Every path under P sorts in [P, P with its final "/" raised to
 * "0"), so "inside this area" is an index range rather than a LIKE that SQLite cannot index.
 */
export function insidePath(column: SQLiteColumn, path: string): SQLWrapper | undefined {
  const [from, to] = pathRange(path);
  return and(gte(column, from), lt(column, to));
}

/** The bounds of `insidePath`, for statements that take them as placeholders. */
export function pathRange(path: string): [string, string] {
  return [path, `${path.slice(0, -1)}0`];
}

/** Whether `path` is the area `within` or inside it; both end in "/", so `/jh05/` never takes in `/jh050/`. */
export function isInside(path: string, within: string): boolean {
  return path.startsWith(within);
}

/** `/xhl/jh/jh05/` → `["xhl", "jh", "jh05"]`. */
export function pathIds(path: string): string[] {
  return path.split("/").filter(Boolean);
}
