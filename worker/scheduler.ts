import { and, asc, eq, inArray, lt, lte, notInArray } from "drizzle-orm";
import { casePhoto, caseTable } from "../schema/case.ts";
import { hasPersonalData, hasPhoto, isOpen, isResolved } from "./cases/conditions.ts";
import type { Database } from "./db.ts";
import { DomainError } from "./domain-error.ts";
import type { PhotoStore } from "./services.ts";
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
/** Where residents' photos are kept, as far as retention needs it. */
type PhotoBucket = Pick<PhotoStore, "delete">;

export async function runScheduler(db: Database, now: Date, options: { retentionDays?: number; photos: PhotoBucket }) {
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
  for (const row of toUrge) {
    const transition = ACTIONS.urge!.apply(row, {}, { now, refs: {} });
    if (await skipConflicts(() => commitTransition(db, row, "urge", system, transition, now))) urged++;
  }
  for (const row of toClose) {
    if (await skipConflicts(() => commitTransition(db, row, "auto_close", system, applyAutoClose(now), now))) closed++;
  }
  const purged = await purgePersonalData(db, now, options.retentionDays ?? DEFAULT_RETENTION_DAYS, options.photos);
  return { urged, closed, purged };
}

const DEFAULT_RETENTION_DAYS = 365;

/**
 * Residents' data is kept to the minimum: a reporter's name, number and photo, and the photos a
 * resident added later, are erased from cases closed longer than the retention period; the case's
 * text, place and trail stay, for the statistics and for anyone who asks later what was done. A
 * photo is one object per content, so it is removed only when no case keeps it any more; it goes
 * before the rows that name it, so a failure in between leaves the rows to a later run rather than
 * an object nobody names.
 */
async function purgePersonalData(db: Database, now: Date, retentionDays: number, photos: PhotoBucket) {
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
  const [due, addedTo] = await db.batch([
    db
      .select({ id: caseTable.id, photoKey: caseTable.photoKey })
      .from(caseTable)
      .where(and(hasPersonalData, lt(caseTable.closedAt, cutoff)))
      .orderBy(asc(caseTable.closedAt))
      .limit(PER_RUN),
    // A case closed before the cutoff got its photos before it, so only those rows are looked at.
    db
      .selectDistinct({ caseId: casePhoto.caseId })
      .from(casePhoto)
      .innerJoin(caseTable, eq(caseTable.id, casePhoto.caseId))
      .where(and(lt(casePhoto.createdAt, cutoff), lt(caseTable.closedAt, cutoff)))
      .limit(PER_RUN),
  ]);
  if (due.length === 0 && addedTo.length === 0) return 0;
  const ids = due.map((row) => row.id);
  const addedIds = addedTo.map((row) => row.caseId);
  const added = addedIds.length > 0 ? await db.select().from(casePhoto).where(inArray(casePhoto.caseId, addedIds)) : [];
  const keys = [...new Set([...due.flatMap((row) => (row.photoKey ? [row.photoKey] : [])), ...added.map((row) => row.photoKey)])];
  if (keys.length > 0) {
    const [kept, keptAdded] = await db.batch([
      db
        .select({ photoKey: caseTable.photoKey })
        .from(caseTable)
        .where(and(hasPhoto, inArray(caseTable.photoKey, keys), notInArray(caseTable.id, ids))),
      db
        .select({ photoKey: casePhoto.photoKey })
        .from(casePhoto)
        .where(and(inArray(casePhoto.photoKey, keys), notInArray(casePhoto.caseId, addedIds))),
    ]);
    const stillShown = new Set([...kept, ...keptAdded].map((row) => row.photoKey));
    const unused = keys.filter((key) => !stillShown.has(key));
    if (unused.length > 0) await photos.delete(unused);
  }
  if (ids.length > 0) {
    // The wish to be told by SMS goes with the number it was for.
    await db
      .update(caseTable)
      .set({ reporterName: null, reporterPhone: null, photoKey: null, notifyResident: false })
      .where(inArray(caseTable.id, ids));
  }
  if (addedIds.length > 0) await db.delete(casePhoto).where(inArray(casePhoto.caseId, addedIds));
  return new Set([...ids, ...addedIds]).size;
}

/** A case someone changed meanwhile is left for the next run. */
async function skipConflicts(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === "conflict") return false;
    throw error;
  }
}
