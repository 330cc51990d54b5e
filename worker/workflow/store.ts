import { eq } from "drizzle-orm";
import { type CaseRow, casePhoto, caseTable, type NewCaseEventRow } from "../../schema/case.ts";
import type { CaseAction } from "../../schema/constants.ts";
import { eventScopeChanged, eventScopeOf, restampEvents } from "../cases/event-scope.ts";
import { type Database, d1Statement } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { outboxStatements, writtenIds } from "../notify/outbox.ts";
import { noticesFor } from "../notify/rules.ts";
import { caseEventsAppended } from "../webhooks/announce.ts";
import type { Transition } from "./actions.ts";
import { type Actor, actorName, actorRef } from "./actor.ts";
import { insertCaseEvents } from "./case-inserts.ts";
import { counterDeltas, counterStatements } from "./counters.ts";
import { newRevision } from "./ids.ts";

/** The case after a transition and the event recording it (pure; the seed generator uses it too). */
export function transitionRecords(before: CaseRow, action: CaseAction, actor: Actor, transition: Transition, now: Date) {
  // A new clock also moves the scheduler's next urge to the new due time.
  const nextUrgeAt = transition.patch.nextUrgeAt ?? transition.patch.dueAt ?? before.nextUrgeAt;
  const after: CaseRow = { ...before, ...transition.patch, nextUrgeAt, revision: newRevision(), updatedAt: now };
  return { after, event: eventOf(before, after, action, actor, transition, now) };
}

function eventOf(before: CaseRow, after: CaseRow, action: CaseAction, actor: Actor, t: Transition, now: Date): NewCaseEventRow {
  return {
    caseId: before.id,
    action,
    actor: actorRef(actor),
    actorName: actorName(actor),
    fromStatus: before.status,
    toStatus: after.status,
    fromLevel: before.level,
    toLevel: after.level,
    text: t.text,
    public: t.public,
    textPublic: t.textPublic ?? t.public,
    data: t.data ?? null,
    previousRevision: before.revision,
    createdAt: now,
    ...eventScopeOf(after),
  };
}

/** D1 reports a unique-index violation in the message only. */
export function isUniqueViolation(error: unknown, index: string): boolean {
  const message = String((error as { cause?: unknown })?.cause ?? error);
  return message.includes("UNIQUE constraint failed") && message.includes(index);
}

/**
 * Writes a transition: the case row, its event, the counters, any photo it attaches and the
 * notifications it causes (notify/rules.ts), in one D1 batch, so none is ever written without the others. A concurrent write from the same revision loses on the event's
 * unique `(case_id, previous_revision)` and the whole batch rolls back: 409, try again.
 */
export async function commitTransition(
  db: Database,
  before: CaseRow,
  action: CaseAction,
  actor: Actor,
  transition: Transition,
  now: Date,
): Promise<CaseRow> {
  const { after, event } = transitionRecords(before, action, actor, transition, now);
  const { id: _id, createdAt: _createdAt, ...changes } = after;
  const photos = (transition.photoKeys ?? []).map((photoKey) => ({ caseId: before.id, photoKey, createdAt: now }));
  const outbox = outboxStatements(
    db,
    noticesFor(action, before, after),
    after,
    { caseId: before.id, previousRevision: before.revision },
    now,
  );
  let results: D1Result[];
  try {
    results = await db.$client.batch([
      d1Statement(db, db.update(caseTable).set(changes).where(eq(caseTable.id, before.id))),
      // A dispatch or a return moves the case's department: its earlier events follow (event-scope.ts).
      ...(eventScopeChanged(before, after) ? [d1Statement(db, restampEvents(db, after))] : []),
      ...insertCaseEvents(db, [event]),
      ...counterStatements(db, counterDeltas(before, after)),
      // The same photo added twice to one case is one row.
      ...(photos.length > 0 ? [d1Statement(db, db.insert(casePhoto).values(photos).onConflictDoNothing())] : []),
      ...outbox,
    ]);
  } catch (error) {
    if (isUniqueViolation(error, "case_event.previous_revision")) {
      throw new DomainError("conflict", "The case changed while this action was taken; load it again and retry.");
    }
    throw error;
  }
  caseEventsAppended(true, writtenIds(results, outbox.length));
  return after;
}
