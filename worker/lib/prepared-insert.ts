import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteInsertValue, SQLiteTable } from "drizzle-orm/sqlite-core";
import { D1_MAX_PARAMETERS, type Database } from "../db.ts";
import { type Prepared, perDatabase, statementMaker } from "./prepared-statement.ts";

/**
 * Inserts (or upserts) of one table, as D1 statements to run in a batch. Drizzle builds each shape
 * of insert (these columns, this many rows) once per isolate with placeholders; every call then only
 * binds its values, encoded by the columns' own encoders (dates, booleans, JSON).
 * Building a case's inserts anew on every report was a large share of the report form's CPU in
 * the profiler (the figure is in bench/RESULTS.md).
 */
export function preparedInsert<T extends SQLiteTable>(
  table: T,
  options: { upsert?: { target: SQLiteColumn[]; set: Record<string, SQL> } } = {},
) {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const shapes = perDatabase(() => new Map<string, ReturnType<typeof statementMaker>>());

  function prepare(db: Database, keys: string[], rows: number) {
    const placeholders = Array.from({ length: rows }, (_, row) =>
      Object.fromEntries(keys.map((key) => [key, sql.placeholder(`${key}${row}`)])),
    ) as unknown as SQLiteInsertValue<T>[];
    const insert = db.insert(table).values(placeholders);
    return statementMaker(db, (options.upsert ? insert.onConflictDoUpdate(options.upsert) : insert).prepare() as unknown as Prepared);
  }

  /** Rows of one shape: the first row's keys name the columns of all. */
  return (db: Database, rows: T["$inferInsert"][]): D1PreparedStatement[] => {
    const first = rows[0] as Record<string, unknown> | undefined;
    if (!first) return [];
    // The columns the rows give; the others take their defaults (an autoincrement id).
    const keys = Object.keys(columns).filter((key) => first[key] !== undefined);
    const perStatement = Math.max(1, Math.floor(D1_MAX_PARAMETERS / keys.length));
    const cache = shapes(db);
    const statements: D1PreparedStatement[] = [];
    for (let start = 0; start < rows.length; start += perStatement) {
      const part = rows.slice(start, start + perStatement) as Record<string, unknown>[];
      const shape = `${keys.join(",")}|${part.length}`;
      let make = cache.get(shape);
      if (!make) {
        make = prepare(db, keys, part.length);
        cache.set(shape, make);
      }
      const values: Record<string, unknown> = {};
      part.forEach((row, index) => {
        for (const key of keys) {
          values[`${key}${index}`] = row[key];
        }
      });
      statements.push(make(values));
    }
    return statements;
  };
}
