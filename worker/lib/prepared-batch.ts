import type { Database } from "../db.ts";
import { type Preparable, type Prepared, perDatabase, statementMaker } from "./prepared-statement.ts";

type Results<Q extends readonly Preparable[]> = { -readonly [K in keyof Q]: Awaited<Q[K]> };

/**
 * Statements of a fixed shape, built once per isolate and database handle with `sql.placeholder`s,
 * then bound to each call's values and run as one D1 batch. Drizzle otherwise builds the SQL
 * anew on every call, a large share of a statistics request's CPU in the profiler (the figure is
 * in bench/RESULTS.md).
 */
export function preparedBatch<const Q extends readonly Preparable[]>(
  build: (db: Database) => Q,
  options: { asIs?: readonly number[] } = {},
) {
  // Statements whose selected keys are their column names and whose values need no decoding
  // (text and integers) can skip drizzle's row mapping, which showed in a statistics request's
  // profile (bench/RESULTS.md).
  const asIs = new Set(options.asIs ?? []);
  const built = perDatabase((db) =>
    build(db).map((query) => {
      const prepared = query.prepare() as Prepared;
      return { prepared, make: statementMaker(db, prepared) };
    }),
  );
  return async (db: Database, values: Record<string, unknown>): Promise<Results<Q>> => {
    const statements = built(db);
    const responses = await db.$client.batch(statements.map((s) => s.make(values)));
    return statements.map((s, i) => (asIs.has(i) ? responses[i]!.results : s.prepared.mapResult(responses[i], true))) as Results<Q>;
  };
}
