import { is, Param, Placeholder } from "drizzle-orm";
import type { Database } from "../db.ts";

/** What drizzle's `.prepare()` gives: the built SQL and the mapper of its rows. */
export interface Prepared {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
}

export interface Preparable {
  prepare(): unknown;
}

type Slot = { value: unknown } | { name: string; encode?: (value: unknown) => unknown };

/**
 * A query drizzle built once with `sql.placeholder`s, as a maker of D1 statements bound to each
 * call's values. The SQL text, the D1 statement and where each value goes are worked out once;
 * a call only encodes and binds. Values go through the column's encoder (dates, booleans, JSON)
 * where drizzle attached one; a null is bound as null (drizzle's `fillPlaceholders` would hand it
 * to the encoder, which fails on a null date).
 */
export function statementMaker(db: Database, prepared: Prepared) {
  const { sql, params } = prepared.getQuery();
  const statement = db.$client.prepare(sql);
  const slots: Slot[] = params.map((p) => {
    if (is(p, Placeholder)) return { name: p.name };
    if (is(p, Param) && is(p.value, Placeholder)) return { name: p.value.name, encode: (v) => p.encoder.mapToDriverValue(v) };
    return { value: p };
  });
  return (values: Record<string, unknown>): D1PreparedStatement =>
    statement.bind(
      ...slots.map((slot) => {
        if ("value" in slot) return slot.value;
        const value = values[slot.name];
        if (value === undefined && !(slot.name in values)) throw new Error(`No value for placeholder "${slot.name}"`);
        if (value === null || value === undefined) return null;
        return slot.encode ? slot.encode(value) : value;
      }),
    );
}

/** One value per database handle, made on first use: prepared statements live as long as it. */
export function perDatabase<T>(make: (db: Database) => T): (db: Database) => T {
  const made = new WeakMap<Database, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}

/** A statement of fixed shape, built once per database handle: call it with its placeholders' values. */
export function preparedStatement(build: (db: Database) => Preparable) {
  const maker = perDatabase((db) => statementMaker(db, build(db).prepare() as Prepared));
  return (db: Database, values: Record<string, unknown> = {}) => maker(db)(values);
}
