import { AsyncLocalStorage } from "node:async_hooks";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import { queueNotifications } from "../notify/sweep.ts";
import type { WebhookMessage } from "./messages.ts";

/** Asks the consumer to fan out new events. A lost message only delays: the cron asks every five minutes. */
export async function announceNewEvents(queue: Queue<WebhookMessage>) {
  try {
    await queue.send({ kind: "fanout" });
  } catch (error) {
    console.error(JSON.stringify({ msg: "webhook fan-out not queued", error: String(error) }));
  }
}

/**
 * What the writes of one request (or one scheduler run) appended: whether any committed case
 * events a subscriber may want, and the notifications their batches put in the outbox.
 */
interface Appended {
  wake: boolean;
  notifications: string[];
}

const appended = new AsyncLocalStorage<Appended>();

/**
 * Said by every write that commits case events, right after its batch: the request that made it
 * wakes the fan-out and queues the outbox rows the batch wrote. `subscribed: false` when the
 * write's own batch found no active subscription (every queued message is billed Queue operations,
 * and most districts have no subscribers). Outside a request or `collectAppended` nobody listens.
 */
export function caseEventsAppended(subscribed = true, notifications: string[] = []) {
  const record = appended.getStore();
  if (!record) return;
  if (subscribed) record.wake = true;
  record.notifications.push(...notifications);
}

/** Runs `work` (the scheduler), giving back what it returned and what its writes appended. */
export async function collectAppended<T>(work: () => Promise<T>): Promise<{ result: T } & Appended> {
  const record: Appended = { wake: false, notifications: [] };
  const result = await appended.run(record, work);
  return { result, ...record };
}

/**
 * Around every request: after one whose writes appended case events, fan them out and queue their
 * notifications without holding the response. Derived from the writes themselves, so a new write
 * route cannot miss it.
 */
export const wakeAfterCaseWrites = createMiddleware<AppEnv>(async (c, next) => {
  const record: Appended = { wake: false, notifications: [] };
  await appended.run(record, next);
  const queue = c.get("services").webhooks;
  if (record.wake) c.executionCtx.waitUntil(announceNewEvents(queue));
  if (record.notifications.length > 0) c.executionCtx.waitUntil(queueNotifications(queue, record.notifications));
});
