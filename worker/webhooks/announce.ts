import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import { NOBODY_LISTENS } from "./listening.ts";
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
 * After a write that may have added case events, fan them out without holding the response;
 * not when the write found no active subscription (`NOBODY_LISTENS`).
 */
export const announceCaseWrites = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.res.status >= 400 || c.get(NOBODY_LISTENS)) return;
  c.executionCtx.waitUntil(announceNewEvents(c.get("services").webhooks));
});
