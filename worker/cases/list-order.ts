import { and, asc, desc, gt, gte, lt, lte, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type CaseRow, caseTable } from "../../schema/case.ts";
import type { CaseSort } from "../../schema/constants.ts";
import { DomainError } from "../domain-error.ts";
import { decodeCursor, encodeCursor } from "../lib/cursor.ts";

interface Order {
  column: SQLiteColumn;
  descending: boolean;
  key: (row: CaseRow) => number;
}

/** Each sort is one time column and the id after it: the keyset every page continues from. */
const ORDERS: Record<CaseSort, Order> = {
  newest: { column: caseTable.createdAt, descending: true, key: (row) => row.createdAt.getTime() },
  oldest: { column: caseTable.createdAt, descending: false, key: (row) => row.createdAt.getTime() },
  due: { column: caseTable.dueAt, descending: false, key: (row) => row.dueAt.getTime() },
  updated: { column: caseTable.updatedAt, descending: true, key: (row) => row.updatedAt.getTime() },
};

/** Which way a page reads from its cursor: on past it (`next`), or back before it (`previous`). */
export type Direction = "next" | "previous";

/** The ORDER BY of a page read in this direction (a previous page is read backwards, then turned). */
export function orderBy(sort: CaseSort, direction: Direction = "next"): SQL[] {
  const { column, descending } = ORDERS[sort];
  const down = descending === (direction === "next");
  return down ? [desc(column), desc(caseTable.id)] : [asc(column), asc(caseTable.id)];
}

/**
 * The rows after (or before) a cursor's key in the sort's order. The leading bound stands on its
 * own so SQLite seeks the index to it rather than walking from the first row (bench/RESULTS.md).
 */
export function afterCursor(sort: CaseSort, cursor: string, direction: Direction = "next"): SQL {
  const [value, id] = cursorKey(sort, cursor);
  const { column, descending } = ORDERS[sort];
  const at = new Date(value);
  const down = descending === (direction === "next");
  return down
    ? and(lte(column, at), or(lt(column, at), lt(caseTable.id, id)))!
    : and(gte(column, at), or(gt(column, at), gt(caseTable.id, id)))!;
}

/**
 * A cursor names its sort, so one from another order is refused rather than misread. The newest
 * order keeps the `[time, id]` cursors clients already hold.
 */
export function cursorOf(sort: CaseSort, row: CaseRow): string {
  const value = ORDERS[sort].key(row);
  return encodeCursor(sort === "newest" ? [value, row.id] : [sort, value, row.id]);
}

function cursorKey(sort: CaseSort, cursor: string): [number, string] {
  if (sort === "newest") {
    const [at, id] = decodeCursor(cursor, 2);
    return [Number(at), String(id)];
  }
  const [named, at, id] = decodeCursor(cursor, 3);
  if (named !== sort || typeof at !== "number") {
    throw new DomainError("validation_failed", "The cursor belongs to another sort order.", {
      details: [{ path: "cursor", message: "pass back a next_cursor of the same sort" }],
    });
  }
  return [at, String(id)];
}
