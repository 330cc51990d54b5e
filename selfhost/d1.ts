import Database from "better-sqlite3";

/**
 * The D1 API the app uses (prepare, bind, first/all/run/raw, batch, exec), over a SQLite file
 * with better-sqlite3. No maintained package offers this (miniflare 2's is end of life); the
 * behaviours the app relies on are pinned by test/d1-contract.test.ts, which runs against both.
 * - A batch is one transaction: all its statements land or none (D1's unit of atomicity).
 * - Values are bound as D1 binds them: booleans as 1/0, ArrayBuffers and typed arrays as blobs;
 *   blobs come back as arrays of bytes, as D1 returns them.
 * - Errors read as D1's: `D1_ERROR: <SQLite's message>: <code>`, the original as `cause`.
 */
export interface SqliteD1Options {
  /** `FULL` (the default) syncs every commit to disk; `NORMAL` may lose the last commits on power loss, never corrupt. */
  synchronous?: "FULL" | "NORMAL";
  busyTimeoutMs?: number;
}

type Value = string | number | bigint | Buffer | null;

function toSqlite(value: unknown): Value {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "bigint") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value === undefined) throw new Error("D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined'");
  throw new Error(`D1_TYPE_ERROR: Type '${typeof value}' not supported for value '${String(value)}'`);
}

const fromSqlite = (value: unknown) => (Buffer.isBuffer(value) ? [...(value as Buffer)] : value);

function rowFromSqlite(row: Record<string, unknown>) {
  for (const key of Object.keys(row)) row[key] = fromSqlite(row[key]);
  return row;
}

/** `D1_ERROR: <message>: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)`, as D1 words it. */
function d1Error(error: unknown): Error {
  const e = error as { message?: string; code?: string };
  const primary = e.code?.split("_").slice(0, 2).join("_");
  const code = !e.code ? "" : primary === e.code ? `: ${e.code}` : `: ${primary} (extended: ${e.code})`;
  return new Error(`D1_ERROR: ${e.message ?? String(error)}${code}`, { cause: error });
}

function meta(started: number, changes = 0, lastRowId: number | bigint = 0) {
  return {
    duration: performance.now() - started,
    changes,
    last_row_id: Number(lastRowId),
    changed_db: changes > 0,
    size_after: 0,
    rows_read: 0,
    rows_written: changes,
    served_by: "gridstation-selfhost",
  };
}

/**
 * D1 binds `?NNN` parameters by their number; better-sqlite3 only binds plain `?` by position.
 * Rewrites the SQL with plain `?` and says which bound value each takes, by SQLite's own rule (a
 * plain `?` is the one after the largest number so far). Quoted text is left alone.
 */
function numberedParameters(sql: string): { sql: string; order: number[] } | null {
  if (!/\?\d/.test(sql)) return null;
  let out = "";
  let quote: string | null = null;
  let largest = 0;
  const order: number[] = [];
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"' || ch === "`") {
      quote = ch;
      out += ch;
    } else if (ch === "?") {
      const digits = /^\d+/.exec(sql.slice(i + 1))?.[0];
      const index = digits ? Number(digits) : largest + 1;
      largest = Math.max(largest, index);
      order.push(index);
      out += "?";
      i += digits?.length ?? 0;
    } else {
      out += ch;
    }
  }
  return { sql: out, order };
}

/** SQLite compiles a statement once; the app's statements are few and of fixed shape. */
class StatementCache {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
  }

  get(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      try {
        statement = this.#db.prepare(sql);
      } catch (error) {
        throw d1Error(error);
      }
      if (this.#statements.size >= 1000) this.#statements.delete(this.#statements.keys().next().value!);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

class SqliteStatement {
  readonly #cache: StatementCache;
  readonly #sql: string;
  readonly #params: Value[];
  readonly #order: number[] | null;

  constructor(cache: StatementCache, sql: string, params: Value[] = [], order: number[] | null = null) {
    this.#cache = cache;
    this.#params = params;
    const numbered = order === null ? numberedParameters(sql) : null;
    this.#sql = numbered?.sql ?? sql;
    this.#order = numbered?.order ?? order;
  }

  bind(...values: unknown[]): SqliteStatement {
    const bound = values.map(toSqlite);
    return new SqliteStatement(this.#cache, this.#sql, this.#order ? this.#order.map((n) => bound[n - 1] ?? null) : bound, this.#order);
  }

  #statement() {
    return this.#cache.get(this.#sql);
  }

  /** Runs the statement as `all()` does, synchronously: what a batch does inside its transaction. */
  execute() {
    const started = performance.now();
    const statement = this.#statement();
    try {
      if (statement.reader) {
        const results = (statement.raw(false).all(...this.#params) as Record<string, unknown>[]).map(rowFromSqlite);
        // A write with RETURNING is a reader too: its changes are the rows it returned.
        const changes = /^\s*(insert|update|delete|replace)/i.test(this.#sql) ? results.length : 0;
        return { success: true as const, results, meta: meta(started, changes) };
      }
      const info = statement.run(...this.#params);
      return { success: true as const, results: [] as Record<string, unknown>[], meta: meta(started, info.changes, info.lastInsertRowid) };
    } catch (error) {
      throw d1Error(error);
    }
  }

  async all<T = Record<string, unknown>>() {
    return this.execute() as { success: true; results: T[]; meta: ReturnType<typeof meta> };
  }

  async run() {
    return this.execute();
  }

  async first<T = Record<string, unknown>>(column?: string): Promise<T | null> {
    const [row] = this.execute().results;
    if (!row) return null;
    return (column === undefined ? row : (row[column] ?? null)) as T;
  }

  async raw<T = unknown[]>(options: { columnNames?: boolean } = {}): Promise<T[]> {
    const statement = this.#statement();
    try {
      if (!statement.reader) {
        statement.run(...this.#params);
        return [];
      }
      const rows = (statement.raw(true).all(...this.#params) as unknown[][]).map((row) => row.map(fromSqlite));
      return (options.columnNames ? [statement.columns().map((c) => c.name), ...rows] : rows) as T[];
    } catch (error) {
      throw d1Error(error);
    }
  }
}

/** A D1Database over one SQLite file. `close()` ends it (graceful shutdown). */
export class SqliteD1 {
  readonly sqlite: Database.Database;
  readonly #statements: StatementCache;

  constructor(path: string, options: SqliteD1Options = {}) {
    this.sqlite = new Database(path);
    this.sqlite.pragma("journal_mode = WAL");
    this.sqlite.pragma(`synchronous = ${options.synchronous ?? "FULL"}`);
    // D1 enforces foreign keys; SQLite does not unless asked.
    this.sqlite.pragma("foreign_keys = ON");
    this.sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    this.#statements = new StatementCache(this.sqlite);
  }

  prepare(sql: string): SqliteStatement {
    return new SqliteStatement(this.#statements, sql);
  }

  async batch(statements: SqliteStatement[]) {
    // One statement is atomic by itself: no transaction, and no write lock taken for a read.
    if (statements.length === 1) return [statements[0]!.execute()];
    const run = this.sqlite.transaction(() => statements.map((s) => s.execute()));
    try {
      return run.immediate();
    } catch (error) {
      throw String((error as Error).message).startsWith("D1_") ? error : d1Error(error);
    }
  }

  async exec(sql: string) {
    const started = performance.now();
    try {
      this.sqlite.exec(sql);
    } catch (error) {
      throw d1Error(error);
    }
    return { count: sql.split(";").filter((s) => s.trim()).length, duration: performance.now() - started };
  }

  close() {
    this.sqlite.close();
  }
}

/** The adapter as the D1Database type the app is written against. */
export const asD1 = (db: SqliteD1) => db as unknown as D1Database;
