import { hasContactData, isOpen, isResolved } from "./cases/conditions.ts";
import { and, asc, inArray, lt, lte } from "drizzle-orm";
import { caseTable } from "../schema/case.ts";
import type { Database } from "./db.ts";
import { ApiError } from "./errors.ts";
import { ACTIONS, applyAutoClose } from "./workflow/actions.ts";
import { commitTransition } from "./workflow/store.ts";
import { FEEDBACK_WINDOW_MS } from "./workflow/time-limits.ts";

/** Cases handled per run and kind; the cron runs every five minutes, so a backlog drains quickly. */
const PER_RUN = 100;

/**
 * The Cron Trigger's work: urge open cases whose next urge is due (past their time limit, then
 * once per period), flagging them overdue; close resolved cases whose feedback window passed.
 * Idempotent: a second run at the same instant finds nothing left to do.
 */
export async function runScheduler(db: Database, now: Date, options: { retentionDays?: number } = {}) {
  const [toUrge, toClose] = await db.batch([
    db
      .select()
      .from(caseTable)
      .where(and(isOpen, lte(caseTable.nextUrgeAt, now)))
      .orderBy(asc(caseTable.nextUrgeAt))
      .limit(PER_RUN),
    db
      .select()
      .from(caseTable)
      .where(and(isResolved, lte(caseTable.resolvedAt, new Date(now.getTime() - FEEDBACK_WINDOW_MS))))
      .orderBy(asc(caseTable.resolvedAt))
      .limit(PER_RUN),
  ]);
  let urged = 0;
  let closed = 0;
  const system = { kind: "system" } as const;
  for (const c of toUrge) {
    const transition = ACTIONS.urge!.apply(c, {}, { now, refs: {} });
    if (await skipConflicts(() => commitTransition(db, c, "urge", system, transition, now))) urged++;
  }
  for (const c of toClose) {
    if (await skipConflicts(() => commitTransition(db, c, "auto_close", system, applyAutoClose(now), now))) closed++;
  }
  const purged = await purgeContactData(db, now, options.retentionDays ?? DEFAULT_RETENTION_DAYS);
  return { urged, closed, purged };
}

export const DEFAULT_RETENTION_DAYS = 365;

/**
 * Residents' data is kept to the minimum: a reporter's name and number are erased from cases closed
 * longer than the retention period; the anonymous case stays for statistics.
 */
async function purgeContactData(db: Database, now: Date, retentionDays: number) {
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
  const due = await db
    .select({ id: caseTable.id })
    .from(caseTable)
    .where(and(hasContactData, lt(caseTable.closedAt, cutoff)))
    .orderBy(asc(caseTable.closedAt))
    .limit(PER_RUN);
  if (due.length === 0) return 0;
  await db
    .update(caseTable)
    .set({ reporterName: null, reporterPhone: null })
    .where(inArray(caseTable.id, due.map((row) => row.id)));
  return due.length;
}

/** A case someone changed meanwhile is left for the next run. */
async function skipConflicts(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.code === "conflict") return false;
    throw error;
  }
}
