import { createApp } from "./app.ts";
import { forgetOldAttempts } from "./auth/sign-in-throttle.ts";
import type { Bindings } from "./bindings.ts";
import { fillMissingHsdsIds } from "./hsds/backfill.ts";
import { refillPairings } from "./hsds/pairing-store.ts";
import { queueNotifications, releaseNotifications } from "./notify/sweep.ts";
import { releaseHeldPhotos } from "./resident/held-photo.ts";
import { pruneReadyHtml, refillStationPages } from "./resident/station-page-store.ts";
import { runScheduler } from "./scheduler.ts";
import { servicesOf } from "./services.ts";
import { announceNewEvents, collectAppended } from "./webhooks/announce.ts";
import { consumeWebhookBatch } from "./webhooks/consumer.ts";
import type { WebhookMessage } from "./webhooks/messages.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, _ctx) {
    const { db, photos, webhooks, config } = servicesOf(env);
    const now = new Date(controller.scheduledTime);
    // The urges' notifications are queued here: outside a request nobody queues them after the write.
    const { result, notifications: urgeNotices } = await collectAppended(() =>
      runScheduler(db, now, { retentionDays: config.retentionDays, photos }),
    );
    const released = await releaseNotifications(db, now);
    await queueNotifications(webhooks, [...urgeNotices, ...released]);
    const hsdsIds = await fillMissingHsdsIds(db);
    // Pages and pairings emptied by a directory change made outside the worker (plain SQL, the operator CLI).
    const stationPages = (await refillStationPages(db)).meta.changes;
    await pruneReadyHtml(db);
    const hsdsPairings = (await refillPairings(db)).meta.changes;
    await forgetOldAttempts(db, now);
    const heldPhotos = await releaseHeldPhotos(db, photos, now);
    console.log(
      JSON.stringify({
        msg: "scheduler",
        cron: controller.cron,
        ...result,
        hsdsIds,
        stationPages,
        hsdsPairings,
        heldPhotos,
        notifications: urgeNotices.length + released.length,
      }),
    );
    // The scheduler's own events, and any fan-out a lost queue message left behind.
    await announceNewEvents(webhooks);
  },
  async queue(batch, env) {
    const { db, webhooks, config, notify } = servicesOf(env);
    await consumeWebhookBatch(batch, db, {
      encryptionKey: config.keys,
      allowPrivateDestinations: config.development,
      queue: webhooks,
      retryBaseSeconds: config.webhookRetryBaseSeconds,
      notify: { channels: notify.channels, config: config.notify, publicBaseUrl: config.publicBaseUrl, keys: config.keys },
    });
  },
} satisfies ExportedHandler<Bindings, WebhookMessage>;
