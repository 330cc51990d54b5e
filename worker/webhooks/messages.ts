/**
 * Messages on the `WEBHOOKS` queue. `fanout` turns new case events into deliveries (sent after
 * every case write and by the cron, so a lost message only delays); `deliver` POSTs one delivery.
 */
export type WebhookMessage = { kind: "fanout" } | { kind: "deliver"; deliveryId: string };

export const WEBHOOK_DEAD_LETTER_QUEUE = "gridstation-webhooks-dead";

/** Exponential backoff from `base` seconds (30 in production: 30 s … 64 min), at most an hour. */
export function retryDelaySeconds(attempt: number, base: number): number {
  return Math.min(3600, Math.round(base * 2 ** Math.max(0, attempt - 1)));
}
