import { and, asc, eq, inArray, lte, or } from "drizzle-orm";
import { notification } from "../../schema/notification.ts";
import type { Database } from "../db.ts";
import { sendInBatches, type WebhookMessage } from "../webhooks/messages.ts";

/** Notifications handled per cron run; the cron runs every five minutes. */
const PER_RUN = 100;
/** A queued notification nobody has touched for this long lost its message (or its consumer died). */
const LOST_AFTER_MS = 10 * 60 * 1000;
/** Longer than the queue's longest backoff (an hour): a retrying one this old lost its message. */
const RETRY_LOST_AFTER_MS = 2 * 3600 * 1000;

/**
 * The cron's part: releases what quiet hours held once the morning comes, and queues again what
 * lost its queue message. Queuing twice is harmless: the consumer claims before it sends.
 * Returns the ids queued.
 */
export async function releaseNotifications(db: Database, now: Date): Promise<string[]> {
  const due = await db
    .select({ id: notification.id })
    .from(notification)
    .where(
      or(
        and(eq(notification.status, "held"), lte(notification.notBefore, now)),
        and(eq(notification.status, "queued"), lte(notification.updatedAt, new Date(now.getTime() - LOST_AFTER_MS))),
        and(eq(notification.status, "retrying"), lte(notification.updatedAt, new Date(now.getTime() - RETRY_LOST_AFTER_MS))),
      ),
    )
    .orderBy(asc(notification.createdAt))
    .limit(PER_RUN);
  if (due.length === 0) return [];
  const ids = due.map((row) => row.id);
  await db
    .update(notification)
    .set({ status: "queued", notBefore: null, updatedAt: now })
    .where(and(inArray(notification.id, ids), inArray(notification.status, ["held", "queued", "retrying"])));
  return ids;
}

/** One `notify` message per notification. A lost message only delays: the cron finds it. */
export async function queueNotifications(queue: Queue<WebhookMessage>, ids: string[]) {
  try {
    await sendInBatches(
      queue,
      ids.map((id) => ({ kind: "notify", id })),
    );
  } catch (error) {
    console.error(JSON.stringify({ msg: "notifications not queued", count: ids.length, error: String(error) }));
  }
}
