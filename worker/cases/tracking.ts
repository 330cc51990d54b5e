import { and, asc, eq, sql } from "drizzle-orm";
import { caseEvent, caseTable } from "../../schema/case.ts";
import { CATEGORY_WORDS, LEVEL_WORDS, STATUS_WORDS } from "../../schema/case-words.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { preparedBatch } from "../lib/prepared-batch.ts";
import { applyFeedback } from "../workflow/actions.ts";
import { commitTransition } from "../workflow/store.ts";

const code = sql.placeholder("code");

/** The case (what a resident may see of it) and its public events, built once per isolate. */
const trackingQueries = preparedBatch((db) => [
  db
    .select({
      trackingCode: caseTable.trackingCode,
      category: caseTable.category,
      description: caseTable.description,
      status: caseTable.status,
      level: caseTable.level,
      stationCode: caseTable.stationCode,
      createdAt: caseTable.createdAt,
      dueAt: caseTable.dueAt,
      resolution: caseTable.resolution,
      resolvedAt: caseTable.resolvedAt,
      closedAt: caseTable.closedAt,
      satisfaction: caseTable.satisfaction,
    })
    .from(caseTable)
    .where(eq(caseTable.trackingCode, code))
    .limit(1),
  db
    .select({
      at: caseEvent.createdAt,
      action: caseEvent.action,
      status: caseEvent.toStatus,
      level: caseEvent.toLevel,
      text: caseEvent.text,
    })
    .from(caseEvent)
    .innerJoin(caseTable, eq(caseTable.id, caseEvent.caseId))
    .where(and(eq(caseTable.trackingCode, code), eq(caseEvent.public, true)))
    .orderBy(asc(caseEvent.id)),
]);

/** The resident's view of a case by its tracking code; public events only, no personal data. */
export async function trackCase(db: Database, trackingCode: string) {
  const [rows, events] = await trackingQueries(db, { code: trackingCode });
  const c = rows[0];
  if (!c) throw new DomainError("not_found", "No case has this tracking code. Check the code on your receipt.");
  return {
    tracking_code: c.trackingCode,
    category: c.category,
    category_name: { zh: CATEGORY_WORDS[c.category].zh, en: CATEGORY_WORDS[c.category].en },
    description: c.description,
    status: c.status,
    status_text: STATUS_WORDS[c.status],
    level: c.level,
    level_text: LEVEL_WORDS[c.level],
    station_code: c.stationCode,
    created_at: c.createdAt.toISOString(),
    due_at: c.dueAt.toISOString(),
    resolution: c.resolution,
    resolved_at: c.resolvedAt?.toISOString() ?? null,
    closed_at: c.closedAt?.toISOString() ?? null,
    satisfaction: c.satisfaction,
    can_give_feedback: c.status === "resolved",
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

/** 回访/评价: satisfied closes the case, unsatisfied sends it back to its holder. */
export async function giveFeedback(db: Database, trackingCode: string, satisfied: boolean, comment: string | null, now: Date) {
  const c = await db.query.caseTable.findFirst({ where: eq(caseTable.trackingCode, trackingCode) });
  if (!c) throw new DomainError("not_found", "No case has this tracking code. Check the code on your receipt.");
  if (c.status !== "resolved") {
    throw new DomainError("invalid_transition", `Feedback is given once the case is answered; it is ${c.status} now.`, {
      details: { action: "feedback", status: c.status, level: c.level, allowed_actions: [] },
    });
  }
  return commitTransition(db, c, "feedback", { kind: "resident" }, applyFeedback(c, satisfied, comment, now), now);
}
