import { count, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { area } from "../../schema/area.ts";
import { caseCounter, caseEvent, caseTable } from "../../schema/case.ts";
import { contact } from "../../schema/contact.ts";
import { department } from "../../schema/department.ts";
import { staff } from "../../schema/staff.ts";
import { staffSession } from "../../schema/staff-session.ts";
import { station } from "../../schema/station.ts";
import type { Database } from "../../worker/db.ts";
import { circleEntryIds, locationId } from "../../worker/hsds/ids.ts";
import { refillPairings } from "../../worker/hsds/pairing-store.ts";
import { refillStationPages } from "../../worker/resident/station-page-store.ts";
import { type CounterDelta, counterStatements } from "../../worker/workflow/counters.ts";
import { type CaseGeneration, generateCases } from "./cases.ts";
import type { Directory } from "./generate.ts";

// The same trigger as migrations/0002_case_event_append_only.sql.
const APPEND_ONLY_DELETE_TRIGGER =
  "CREATE TRIGGER `case_event_no_delete` BEFORE DELETE ON `case_event` BEGIN SELECT RAISE(ABORT, 'case_event is append-only'); END";

/** Statements per batch: one round trip each. */
const STATEMENTS_PER_BATCH = 20;
/** D1 refuses statements over 100 KB; stay well below. */
export const MAX_STATEMENT_BYTES = 90_000;

export type Progress = (done: number, total: number, table: string) => void;

function chunk<T>(rows: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/** A value drizzle has already encoded for SQLite, as an SQL literal. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot store ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "bigint") return value.toString();
  return `'${String(value).replace(/'/g, "''")}'`;
}

/**
 * A multi-row INSERT with its values inlined as literals. Generated data only (never visitors'
 * input): D1 binds at most 100 parameters per statement, and through wrangler's platform proxy
 * every prepared statement costs a round trip, so one statement carries hundreds of rows and a
 * million rows need thousands of statements rather than half a million.
 */
function inlineInsert<T extends SQLiteTable>(db: Database, table: T, rows: T["$inferInsert"][]): string {
  const { sql: text, params } = db.insert(table).values(rows).toSQL();
  let i = 0;
  return text.replace(/\?/g, () => literal(params[i++]));
}

export async function insertAll<T extends SQLiteTable>(
  db: Database,
  table: T,
  rows: T["$inferInsert"][],
  onRows: (n: number) => void = () => {},
) {
  if (rows.length === 0) return;
  const sampleBytes = inlineInsert(db, table, rows.slice(0, 20)).length / Math.min(20, rows.length);
  const perStatement = Math.max(1, Math.floor(MAX_STATEMENT_BYTES / (sampleBytes * 1.5)));
  for (const parts of chunk(chunk(rows, perStatement), STATEMENTS_PER_BATCH)) {
    const [first, ...rest] = parts.map((part) => db.run(sql.raw(inlineInsert(db, table, part))));
    if (!first) continue;
    await db.batch([first, ...rest]);
    onRows(parts.reduce((n, part) => n + part.length, 0));
  }
}

/** Loads a generated directory, parents before children, reporting progress per table. */
export async function loadDirectory(db: Database, directory: Directory, progress: Progress = () => {}) {
  const plan: [string, SQLiteTable, unknown[]][] = [
    ["area", area, directory.areas],
    ["department", department, directory.departments],
    ["station", station, await Promise.all(directory.stations.map(async (s) => ({ ...s, hsdsId: await locationId(s.code) })))],
    ["contact", contact, await Promise.all(directory.contacts.map(async (c) => ({ ...c, ...(await circleEntryIds(c)) })))],
    ["staff", staff, directory.staff],
  ];
  const total = plan.reduce((n, [, , rows]) => n + rows.length, 0);
  let done = 0;
  for (const [name, table, rows] of plan) {
    await insertAll(db, table, rows as never[], (n) => {
      done += n;
      progress(done, total, name);
    });
  }
  await refillStationPages(db);
  await refillPairings(db);
  return total;
}

/** Counter rows per batch: twenty full upserts of 33 rows (3 parameters each, 100 at most). */
const COUNTERS_PER_BATCH = STATEMENTS_PER_BATCH * Math.floor(100 / 3);

/**
 * Adds the cases' counters, a batch at a time. A million cases make about a million counter rows;
 * binding all their statements before sending any held them all in the local runtime at once,
 * and it closed the connection.
 */
export async function loadCounters(db: Database, deltas: CounterDelta[], progress: Progress = () => {}) {
  for (let start = 0; start < deltas.length; start += COUNTERS_PER_BATCH) {
    await db.$client.batch(counterStatements(db, deltas.slice(start, start + COUNTERS_PER_BATCH)));
    progress(Math.min(start + COUNTERS_PER_BATCH, deltas.length), deltas.length, "counter");
  }
}

/** Generates and loads `count` cases over the loaded directory, then their counters. */
export async function loadCases(
  db: Database,
  directory: Directory,
  count: number,
  now: Date,
  progress: Progress = () => {},
  generation: CaseGeneration = {},
) {
  const generator = generateCases(directory, count, now, generation);
  let done = 0;
  let next = generator.next();
  while (!next.done) {
    await insertAll(db, caseTable, next.value.cases);
    await insertAll(db, caseEvent, next.value.events);
    done += next.value.cases.length;
    progress(done, count, "case");
    next = generator.next();
  }
  await loadCounters(db, next.value, progress);
  return done;
}

export async function isDirectoryEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(area);
  return (row?.n ?? 0) === 0;
}

/**
 * Empties the directory and its cases, children before parents. API keys are kept. The case trail
 * is append-only by trigger, so the triggers step aside for this one batch.
 */
export async function clearDirectory(db: Database) {
  await db.batch([
    db.run(sql`DROP TRIGGER IF EXISTS case_event_no_delete`),
    db.delete(caseEvent),
    db.run(sql.raw(APPEND_ONLY_DELETE_TRIGGER)),
    db.delete(caseCounter),
    db.delete(caseTable),
    db.delete(staffSession),
    db.delete(staff),
    db.delete(contact),
    db.delete(station),
    db.delete(department),
    db.delete(area),
  ]);
}
