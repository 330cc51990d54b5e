import { fillPlaceholders } from "drizzle-orm";
import type { Database } from "../db.ts";

/** What drizzle's `.prepare()` gives: the built SQL and the mapper of its rows. */
interface Prepared {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
}

interface Preparable {
  prepare(): unknown;
}

type Results<Q extends readonly Preparable[]> = { -readonly [K in keyof Q]: Awaited<Q[K]> };

/**
 * Statements of a fixed shape, built once per isolate and database handle with `sql.placeholder`s,
 * then bound to each call's values and run as one D1 batch. Drizzle otherwise builds the SQL
 * anew on every call: a fifth of a statistics request's CPU, measured with the profiler.
 */
export function preparedBatch<const Q extends readonly Preparable[]>(build: (db: Database) => Q, options: { asIs?: readonly number[] } = {}) {
  // Statements whose selected keys are their column names and whose values need no decoding
  // (text and integers) can skip drizzle's row mapping: a tenth of a statistics request.
  const asIs = new Set(options.asIs ?? []);
  const built = new WeakMap<Database, Prepared[]>();
  return async (db: Database, values: Record<string, unknown>): Promise<Results<Q>> => {
    let prepared = built.get(db);
    if (!prepared) {
      prepared = build(db).map((query) => query.prepare() as Prepared);
      built.set(db, prepared);
    }
    const statements = prepared.map((p) => {
      const { sql, params } = p.getQuery();
      return db.$client.prepare(sql).bind(...fillPlaceholders(params, values));
    });
    const responses = await db.$client.batch(statements);
    return prepared.map((p, i) => (asIs.has(i) ? responses[i]!.results : p.mapResult(responses[i], true))) as Results<Q>;
  };
}
