import { and, count, eq, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { caseEvent, caseTable } from "../../schema/case.ts";
import { areaNotifyGroup, type NotificationRow, notification } from "../../schema/notification.ts";
import type { NotifyConfig } from "../config.ts";
import type { Database } from "../db.ts";
import { type Keys, open } from "../lib/secret-box.ts";
import { shanghaiDay } from "../lib/time.ts";
import type { Channel, Outgoing, SendResult } from "./channel.ts";
import type { Channels } from "./channels/index.ts";
import { composeMessage } from "./compose.ts";
import { groupContext } from "./groups.ts";
import { isQuiet, quietEnds } from "./quiet-hours.ts";

/** How long one consumer has a notification to itself: a provider answers or times out well within it. */
const LEASE_MS = 2 * 60 * 1000;
const HOUR_MS = 3600 * 1000;

/**
 * Why the outbox itself held or stopped a notification (a provider's own answer is kept as it
 * said it): pages say these in the reader's language (`notify.reasons` in the staff messages).
 */
export const OWN_REASONS = [
  "quiet_hours",
  "over_hourly_cap",
  "over_daily_budget",
  "no_member_number",
  "no_resident_number",
  "no_group_robot",
] as const;
export type OwnReason = (typeof OWN_REASONS)[number];
const HELD_REASON: OwnReason = "quiet_hours";

export interface NotifyEnv {
  channels: Channels;
  config: NotifyConfig;
  publicBaseUrl: string | null;
  keys: Keys;
}

/** What the queue does with the message: nothing more (`done`), or try again later. */
export type NotifyOutcome = { outcome: "done" } | { outcome: "retry"; delaySeconds?: number };

const DONE: NotifyOutcome = { outcome: "done" };

/**
 * Sends one notification of the outbox, at most once: it is claimed first (queued or retrying, and
 * nobody else's lease running), so a redelivered or duplicated message finds nothing to do, and
 * its id goes to the provider as the duplicate-safe request id. Quiet hours hold it; a cap fails it.
 */
export async function deliverNotification(db: Database, id: string, env: NotifyEnv, now = new Date()): Promise<NotifyOutcome> {
  const sms = and(eq(notification.channel, "sms"), eq(notification.status, "sent"));
  const [claimed, facts, events, groups, [perHour], [today]] = await db.batch([
    db
      .update(notification)
      .set({ leasedUntil: new Date(now.getTime() + LEASE_MS), updatedAt: now })
      .where(
        and(
          eq(notification.id, id),
          inArray(notification.status, ["queued", "retrying"]),
          or(isNull(notification.leasedUntil), lte(notification.leasedUntil, now)),
        ),
      )
      .returning(),
    db
      .select({
        trackingCode: caseTable.trackingCode,
        category: caseTable.category,
        level: caseTable.level,
        dueAt: caseTable.dueAt,
        reporterPhone: caseTable.reporterPhone,
        notifyResident: caseTable.notifyResident,
      })
      .from(caseTable)
      .innerJoin(notification, eq(notification.caseId, caseTable.id))
      .where(eq(notification.id, id)),
    db
      .select({ data: caseEvent.data })
      .from(caseEvent)
      .innerJoin(notification, eq(notification.eventId, caseEvent.id))
      .where(eq(notification.id, id)),
    db
      .select({ urlBox: areaNotifyGroup.urlBox })
      .from(areaNotifyGroup)
      .innerJoin(notification, and(eq(notification.recipientRef, areaNotifyGroup.areaId), eq(notification.recipientKind, "group")))
      .where(eq(notification.id, id)),
    // The caps, each on its own index: this number's SMS in the last hour, the district's today.
    db
      .select({ n: count() })
      .from(notification)
      .where(
        and(
          eq(notification.recipient, sql`(SELECT recipient FROM notification WHERE id = ${id})`),
          gte(notification.sentAt, new Date(now.getTime() - HOUR_MS)),
          lte(notification.sentAt, now),
          sms,
        ),
      ),
    db
      .select({ n: count() })
      .from(notification)
      .where(and(sms, gte(notification.sentAt, shanghaiDay(now).start), lt(notification.sentAt, shanghaiDay(now).end))),
  ]);
  const row = claimed[0];
  const theCase = facts[0];
  if (!row || !theCase) return DONE;
  const { quietHours, smsPerHour, smsDailyBudget } = env.config;
  if (quietHours && theCase.category !== "emergency" && isQuiet(quietHours, now)) {
    await record(db, row, { status: "held", notBefore: quietEnds(quietHours, now), answer: HELD_REASON }, now, false);
    return DONE;
  }
  if (row.channel === "sms") {
    const over =
      row.recipient !== null && (perHour?.n ?? 0) >= smsPerHour
        ? "over_hourly_cap"
        : (today?.n ?? 0) >= smsDailyBudget
          ? "over_daily_budget"
          : null;
    if (over) {
      await record(db, row, { status: "failed", answer: over }, now, false);
      return DONE;
    }
  }
  const to = await recipientOf(row, theCase, groups[0]?.urlBox ?? null, env.keys);
  if ("missing" in to) {
    await record(db, row, { status: "failed", answer: to.missing }, now, false);
    return DONE;
  }
  const approved = (events[0]?.data as { approved?: boolean } | null)?.approved;
  const message = composeMessage(row, theCase, approved === undefined ? null : { approved }, env.publicBaseUrl);
  const outgoing: Outgoing = { id: row.id, kind: row.kind, to: to.address, params: message.params, text: message.text };
  const result = await sendSafely(env.channels[row.channel], outgoing);
  if (result.outcome === "sent") {
    await record(db, row, { status: "sent", answer: result.answer, sentAt: now }, now, true);
    return DONE;
  }
  if (result.outcome === "failed") {
    await record(db, row, { status: "failed", answer: result.answer }, now, true);
    return DONE;
  }
  await record(db, row, { status: "retrying", answer: result.answer }, now, true);
  return result.retryAfterSeconds ? { outcome: "retry", delaySeconds: result.retryAfterSeconds } : { outcome: "retry" };
}

/** A channel that throws (a bug, a broken connection) is asked again later, like one that said so. */
async function sendSafely(channel: Channel, message: Outgoing): Promise<SendResult> {
  try {
    return await channel.send(message);
  } catch (error) {
    return { outcome: "retry", answer: `the channel failed: ${String(error).slice(0, 200)}` };
  }
}

/** Where the message goes: the member's number, the resident's (if they still want it and it is kept), the group's robot. */
async function recipientOf(
  row: NotificationRow,
  theCase: { reporterPhone: string | null; notifyResident: boolean },
  urlBox: string | null,
  keys: Keys,
): Promise<{ address: string } | { missing: OwnReason }> {
  switch (row.recipientKind) {
    case "staff":
      return row.recipient ? { address: row.recipient } : { missing: "no_member_number" };
    case "resident":
      return theCase.notifyResident && theCase.reporterPhone ? { address: theCase.reporterPhone } : { missing: "no_resident_number" };
    case "group": {
      const url = urlBox && row.recipientRef ? await open(keys, urlBox, groupContext(row.recipientRef)) : null;
      return url ? { address: url } : { missing: "no_group_robot" };
    }
  }
}

async function record(
  db: Database,
  row: NotificationRow,
  change: { status: NotificationRow["status"]; answer: string; notBefore?: Date; sentAt?: Date },
  now: Date,
  attempted: boolean,
) {
  await db
    .update(notification)
    .set({
      status: change.status,
      answer: change.answer,
      notBefore: change.notBefore ?? null,
      sentAt: change.sentAt ?? null,
      leasedUntil: null,
      attempts: attempted ? sql`${notification.attempts} + 1` : notification.attempts,
      updatedAt: now,
    })
    .where(eq(notification.id, row.id));
}

/** The queue gave up (its retries are spent): dead, unless it got through or was settled meanwhile. */
export async function markNotificationDead(db: Database, id: string, now = new Date()) {
  await db
    .update(notification)
    .set({ status: "dead", leasedUntil: null, updatedAt: now })
    .where(and(eq(notification.id, id), inArray(notification.status, ["queued", "retrying"])));
}
