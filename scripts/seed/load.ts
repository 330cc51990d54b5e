import { count, getTableColumns } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { area } from "../../schema/area.ts";
import { contact } from "../../schema/contact.ts";
import { department } from "../../schema/department.ts";
import { staff } from "../../schema/staff.ts";
import { station } from "../../schema/station.ts";
import type { Database } from "../../worker/db.ts";
import type { Directory } from "./generate.ts";

/** D1 binds at most 100 parameters per statement. */
export const MAX_BOUND_PARAMETERS = 100;
/** Statements per batch: one round trip each, small enough to stay well inside D1's limits. */
const STATEMENTS_PER_BATCH = 50;

export type Progress = (done: number, total: number, table: string) => void;

function chunk<T>(rows: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/** Multi-row INSERTs, as many rows per statement as the parameter limit allows. */
export function rowsPerInsert(table: SQLiteTable): number {
  return Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / Object.keys(getTableColumns(table)).length));
}

export async function insertAll<T extends SQLiteTable>(
  db: Database,
  table: T,
  rows: T["$inferInsert"][],
  onRows: (n: number) => void = () => {},
) {
  for (const parts of chunk(chunk(rows, rowsPerInsert(table)), STATEMENTS_PER_BATCH)) {
    const [first, ...rest] = parts.map((part) => db.insert(table).values(part));
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
    ["station", station, directory.stations],
    ["contact", contact, directory.contacts],
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
  return total;
}

export async function isDirectoryEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(area);
  return (row?.n ?? 0) === 0;
}

/** Empties the directory tables, children before parents. API keys are kept. */
export async function clearDirectory(db: Database) {
  await db.batch([db.delete(staff), db.delete(contact), db.delete(station), db.delete(department), db.delete(area)]);
}
