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
  const row = rows[0];
  if (!row) throw new DomainError("not_found", "No case has this tracking code. Check the code on your receipt.");
  return {
    tracking_code: row.trackingCode,
    category: row.category,
    category_name: { zh: CATEGORY_WORDS[row.category].zh, en: CATEGORY_WORDS[row.category].en },
    description: row.description,
    status: row.status,
    status_text: STATUS_WORDS[row.status],
    level: row.level,
    level_text: LEVEL_WORDS[row.level],
    station_code: row.stationCode,
    created_at: row.createdAt.toISOString(),
    due_at: row.dueAt.toISOString(),
    resolution: row.resolution,
    resolved_at: row.resolvedAt?.toISOString() ?? null,
    closed_at: row.closedAt?.toISOString() ?? null,
    satisfaction: row.satisfaction,
    can_give_feedback: row.status === "resolved",
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

/** 回访/评价: satisfied closes the case, unsatisfied sends it back to its holder. */
export async function giveFeedback(db: Database, trackingCode: string, satisfied: boolean, comment: string | null, now: Date) {
  const row = await db.query.caseTable.findFirst({ where: eq(caseTable.trackingCode, trackingCode) });
  if (!row) throw new DomainError("not_found", "No case has this tracking code. Check the code on your receipt.");
  if (row.status !== "resolved") {
    throw new DomainError("invalid_transition", `Feedback is given once the case is answered; it is ${row.status} now.`, {
      details: { action: "feedback", status: row.status, level: row.level, allowed_actions: [] },
    });
  }
  return commitTransition(db, row, "feedback", { kind: "resident" }, applyFeedback(row, satisfied, comment, now), now);
}
