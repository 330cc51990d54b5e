import { env } from "cloudflare:workers";
import { createApp } from "../../worker/app.ts";
import { ORIGIN } from "./worker.ts";

export interface Recorded {
  sql: string;
  params: unknown[];
}

/**
 * The D1 binding wrapped to count round trips (a batch is one; a statement run on its own is one)
 * and to record every statement with its parameters.
 */
export function recordingD1(options: { beforeBatch?: (statements: Recorded[]) => void } = {}, real: D1Database = env.DB) {
  const statements = new WeakMap<object, Recorded>();
  const log = { roundTrips: 0, statements: [] as Recorded[] };
  const wrap = (statement: D1PreparedStatement, record: Recorded): D1PreparedStatement => {
    const proxy: D1PreparedStatement = new Proxy(statement, {
      get(target, prop) {
        if (prop === "bind") return (...params: unknown[]) => wrap(target.bind(...params), { sql: record.sql, params });
        if (prop === "first" || prop === "all" || prop === "run" || prop === "raw") {
          return (...args: unknown[]) => {
            log.roundTrips++;
            log.statements.push(record);
            return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    statements.set(proxy, record);
    return proxy;
  };
  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), { sql, params: [] });
      if (prop === "batch") {
        return async (list: D1PreparedStatement[]) => {
          const records = list.map((s) => statements.get(s)).filter((r): r is Recorded => r !== undefined);
          // A hook may throw to play a failure of the database (see test/faults.test.ts).
          options.beforeBatch?.(records);
          log.roundTrips++;
          log.statements.push(...records);
          return target.batch(list);
        };
      }
      if (prop === "exec")
        return (sql: string) => {
          log.roundTrips++;
          return target.exec(sql);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, log };
}

const app = createApp();

/** Calls the app with some bindings replaced (a recording or failing D1). */
export async function callWith(bindings: Partial<Cloudflare.Env>, path: string, init?: RequestInit) {
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {}, props: {} } as unknown as ExecutionContext;
  return app.fetch(new Request(`${ORIGIN}${path}`, init), { ...env, ...bindings }, ctx);
}

/** Calls the app with a recording D1 and returns the response with what it did to the database. */
export async function recordRequest(path: string, init?: RequestInit, options: Parameters<typeof recordingD1>[0] = {}) {
  const { db, log } = recordingD1(options);
  const response = await callWith({ DB: db }, path, init);
  return { response, log };
}
