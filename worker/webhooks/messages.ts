/**
 * Messages on the `WEBHOOKS` queue, the app's one queue of outbound work. `fanout` turns new case
 * events into deliveries (sent after every case write and by the cron, so a lost message only
 * delays); `deliver` POSTs one delivery; `notify` sends one notification of the outbox
 * (worker/notify/deliver.ts). Notifications ride the same queue on purpose: its retries, backoff
 * and dead-letter queue are what they need too, and both runtimes already run its consumer.
 */
export type WebhookMessage = { kind: "fanout" } | { kind: "deliver"; deliveryId: string } | { kind: "notify"; id: string };

/** Sends the messages in batches of 100, the most `sendBatch` takes. */
export async function sendInBatches(queue: Queue<WebhookMessage>, bodies: WebhookMessage[]) {
  for (let i = 0; i < bodies.length; i += 100) await queue.sendBatch(bodies.slice(i, i + 100).map((body) => ({ body })));
}

export const WEBHOOK_DEAD_LETTER_QUEUE = "gridstation-webhooks-dead";

/** Exponential backoff from `base` seconds (30 in production: 30 s … 64 min), at most an hour. */
export function retryDelaySeconds(attempt: number, base: number): number {
  return Math.min(3600, Math.round(base * 2 ** Math.max(0, attempt - 1)));
}
