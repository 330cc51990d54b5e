import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import * as tables from "../schema/tables.ts";

/** The one place a database handle is made; domain code takes it as a parameter. */
/** D1 binds at most 100 parameters per statement (SQLite allows far more; the smaller limit rules both runtimes). */
export const D1_MAX_PARAMETERS = 100;

export function createDatabase(d1: D1Database) {
  return drizzle(d1, { schema: tables, casing: "snake_case" });
}

const handles = new WeakMap<D1Database, Database>();

/** The handle of a binding, made once per isolate rather than once per request. */
export function databaseFor(d1: D1Database): Database {
  let db = handles.get(d1);
  if (!db) {
    db = createDatabase(d1);
    handles.set(d1, db);
  }
  return db;
}

export type Database = ReturnType<typeof createDatabase>;

/** Statements that ride along with a write in its batch (the audit record of an admin change). */
export type Extra = BatchItem<"sqlite">;

/** Runs a write and its extras as one batch; returns the write's result. */
export async function writeWith<T extends BatchItem<"sqlite">>(db: Database, write: T, extras: Extra[] = []) {
  const [result] = await db.batch([write, ...extras]);
  return result as Awaited<T>;
}

/** A drizzle query as a D1 statement, to run in one `db.$client.batch` with prepared inserts. */
export function d1Statement(db: Database, query: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return db.$client.prepare(sql).bind(...params);
}
