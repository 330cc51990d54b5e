import { AsyncLocalStorage } from "node:async_hooks";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import type { WebhookMessage } from "./messages.ts";

/** Asks the consumer to fan out new events. A lost message only delays: the cron asks every five minutes. */
export async function announceNewEvents(queue: Queue<WebhookMessage>) {
  try {
    await queue.send({ kind: "fanout" });
  } catch (error) {
    console.error(JSON.stringify({ msg: "webhook fan-out not queued", error: String(error) }));
  }
}

/** What the writes of one request appended: whether any committed case events a subscriber may want. */
interface AppendedEvents {
  wake: boolean;
}

const appended = new AsyncLocalStorage<AppendedEvents>();

/**
 * Said by every write that commits case events, right after its batch: the request that made it
 * wakes the fan-out. `subscribed: false` when the write's own batch found no active subscription
 * (every queued message is billed Queue operations, and most districts have no subscribers).
 * Outside a request (the scheduler) nobody listens here; the cron announces on its own.
 */
export function caseEventsAppended(subscribed = true) {
  const record = appended.getStore();
  if (record && subscribed) record.wake = true;
}

/**
 * Around every request: after one whose writes appended case events, fan them out without
 * holding the response. Derived from the writes themselves, so a new write route cannot miss it.
 */
export const wakeFanOutAfterEvents = createMiddleware<AppEnv>(async (c, next) => {
  const record: AppendedEvents = { wake: false };
  await appended.run(record, next);
  if (record.wake) c.executionCtx.waitUntil(announceNewEvents(c.get("services").webhooks));
});
