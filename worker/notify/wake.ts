import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import { collectNotifications } from "./outbox.ts";
import { queueNotifications } from "./sweep.ts";

/**
 * Around every request: the notifications its writes put in the outbox are queued once it has
 * answered, without holding the response (the webhooks' wake-up, worker/webhooks/announce.ts).
 */
export const queueNotificationsAfterWrites = createMiddleware<AppEnv>(async (c, next) => {
  const { ids } = await collectNotifications(next);
  if (ids.length > 0) c.executionCtx.waitUntil(queueNotifications(c.get("services").webhooks, ids));
});
