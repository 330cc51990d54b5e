import { createApp } from "./app.ts";
import { forgetOldAttempts } from "./auth/sign-in-throttle.ts";
import { databaseFor } from "./db.ts";
import { type Bindings, isDevelopment } from "./env.ts";
import { fillMissingHsdsIds } from "./hsds/backfill.ts";
import { refillStationPages } from "./portal/station-page-store.ts";
import { runScheduler } from "./scheduler.ts";
import { announceNewEvents } from "./webhooks/announce.ts";
import { consumeWebhookBatch } from "./webhooks/consumer.ts";
import type { WebhookMessage } from "./webhooks/messages.ts";
import { keyringOf } from "./lib/secret-box.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, _ctx) {
    const retentionDays = Number(env.RETENTION_DAYS) || undefined;
    const db = databaseFor(env.DB);
    const result = await runScheduler(db, new Date(controller.scheduledTime), { retentionDays, photos: env.PHOTOS });
    const hsdsIds = await fillMissingHsdsIds(db);
    // Pages emptied by a directory change made outside the worker (plain SQL, the operator CLI).
    const stationPages = (await refillStationPages(db)).meta.changes;
    await forgetOldAttempts(db, new Date(controller.scheduledTime));
    console.log(JSON.stringify({ msg: "scheduler", cron: controller.cron, ...result, hsdsIds, stationPages }));
    // The scheduler's own events, and any fan-out a lost queue message left behind.
    await announceNewEvents(env.WEBHOOKS);
  },
  async queue(batch, env) {
    const retryBaseSeconds = Number(env.WEBHOOK_RETRY_BASE_SECONDS);
    await consumeWebhookBatch(batch, databaseFor(env.DB), {
      encryptionKey: keyringOf(env),
      allowPrivateDestinations: isDevelopment(env),
      queue: env.WEBHOOKS,
      retryBaseSeconds: Number.isFinite(retryBaseSeconds) && retryBaseSeconds >= 0 ? retryBaseSeconds : 30,
    });
  },
} satisfies ExportedHandler<Bindings, WebhookMessage>;
