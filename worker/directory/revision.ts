import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { DomainError } from "../domain-error.ts";

/**
 * The revision an edit writes: the one after the revision it was made from, which the database's
 * guard trigger refuses if the row has moved on (migrations/0016); without one, the next.
 */
export function nextRevision(column: SQLiteColumn, from: number | undefined): SQL | number {
  return from === undefined ? sql`${column} + 1` : from + 1;
}

/** The guard trigger's refusal, as the error an edit from an old revision gets. */
export function staleRevision(error: unknown, what: string): DomainError | null {
  const text = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? "")}` : String(error);
  if (!text.includes("stale revision")) return null;
  return new DomainError("precondition_failed", `${what} was changed by someone else meanwhile; load it again and redo the change.`);
}
