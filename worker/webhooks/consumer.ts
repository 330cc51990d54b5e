import type { Database } from "../db.ts";
import { deliverNotification, markNotificationDead, type NotifyEnv } from "../notify/deliver.ts";
import { type DeliveryEnv, deliver, markDead } from "./deliver.ts";
import { fanOut } from "./fanout.ts";
import { retryDelaySeconds, sendInBatches, WEBHOOK_DEAD_LETTER_QUEUE, type WebhookMessage } from "./messages.ts";

export interface ConsumerEnv extends DeliveryEnv {
  queue: Queue<WebhookMessage>;
  retryBaseSeconds: number;
  notify: NotifyEnv;
}

/**
 * The `WEBHOOKS` queue's consumer and its dead-letter queue's. Every step is idempotent (the
 * queue delivers at least once): fan-out drops repeats, a delivered delivery is not sent again.
 */
export async function consumeWebhookBatch(batch: MessageBatch<WebhookMessage>, db: Database, env: ConsumerEnv, now = new Date()) {
  if (batch.queue === WEBHOOK_DEAD_LETTER_QUEUE) {
    for (const message of batch.messages) {
      if (message.body.kind === "deliver") await markDead(db, message.body.deliveryId, now);
      if (message.body.kind === "notify") await markNotificationDead(db, message.body.id, now);
      message.ack();
    }
    return;
  }
  // Fan-out messages only say "there are new events": one pass answers all of a batch's.
  const fanouts = batch.messages.filter((message) => message.body.kind === "fanout");
  const fanOutPass = async () => {
    if (fanouts.length === 0) return;
    const created = await fanOut(db, now);
    await sendInBatches(
      env.queue,
      created.map((deliveryId) => ({ kind: "deliver", deliveryId })),
    );
    for (const message of fanouts) message.ack();
  };
  await Promise.all([
    fanOutPass(),
    ...batch.messages.map(async (message) => {
      const body = message.body;
      if (body.kind === "notify") {
        const sent = await deliverNotification(db, body.id, env.notify, now);
        if (sent.outcome === "retry") {
          message.retry({ delaySeconds: sent.delaySeconds ?? retryDelaySeconds(message.attempts, env.retryBaseSeconds) });
        } else message.ack();
        return;
      }
      if (body.kind !== "deliver") return;
      const outcome = await deliver(db, body.deliveryId, env, now);
      if (outcome === "retry") message.retry({ delaySeconds: retryDelaySeconds(message.attempts, env.retryBaseSeconds) });
      else message.ack();
    }),
  ]);
}
