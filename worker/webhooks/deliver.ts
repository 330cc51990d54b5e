import { eq, sql } from "drizzle-orm";
import { toCaseEventJson } from "../../schema/api/case.ts";
import { caseEvent } from "../../schema/case.ts";
import { webhook, webhookDelivery } from "../../schema/webhook.ts";
import type { Database } from "../db.ts";
import { type Keys, open } from "../lib/secret-box.ts";
import { isPrivateDestination } from "./destination.ts";
import { signDelivery } from "./signature.ts";
import { secretContext } from "./subscriptions.ts";

/** A receiver that takes longer than this has failed this attempt. */
const TIMEOUT_MS = 10_000;
const USER_AGENT = "GridStation-Webhooks/1";

export type DeliveryOutcome = "delivered" | "retry" | "gone";

/** The JSON a receiver gets: the delivery's id and the event as `GET /api/v1/events` shows it. */
function deliveryBody(deliveryId: string, webhookId: string, event: typeof caseEvent.$inferSelect) {
  return JSON.stringify({ id: deliveryId, webhook_id: webhookId, type: `case.${event.action}`, event: toCaseEventJson(event) });
}

/**
 * POSTs one delivery and records the attempt. `retry` asks the queue to try again later (a
 * non-2xx answer, a timeout, a network error); `gone` means nothing is left to do (already
 * delivered, subscription deleted). Redirects are not followed: a receiver answers where it is.
 */
export interface DeliveryEnv {
  encryptionKey: Keys;
  /** Local development: receivers on this machine or its network may be called. */
  allowPrivateDestinations: boolean;
  send?: typeof fetch;
}

export async function deliver(db: Database, deliveryId: string, env: DeliveryEnv, now = new Date()): Promise<DeliveryOutcome> {
  const { encryptionKey, send = fetch } = env;
  const [row] = await db
    .select({ delivery: webhookDelivery, webhook, event: caseEvent })
    .from(webhookDelivery)
    .innerJoin(webhook, eq(webhook.id, webhookDelivery.webhookId))
    .innerJoin(caseEvent, eq(caseEvent.id, webhookDelivery.eventId))
    .where(eq(webhookDelivery.id, deliveryId))
    .limit(1);
  if (!row || row.delivery.status === "delivered" || row.delivery.status === "dead") return "gone";
  if (!row.webhook.active) {
    await record(db, deliveryId, { status: "dead", error: "the webhook was deleted", now, attempted: false });
    return "gone";
  }
  if (!env.allowPrivateDestinations && isPrivateDestination(new URL(row.webhook.url))) {
    await record(db, deliveryId, { status: "dead", error: "the URL points into a private network", now, attempted: false });
    return "gone";
  }
  const secret = await open(encryptionKey, row.webhook.secretBox, secretContext(row.webhook.id));
  if (!secret) {
    await record(db, deliveryId, {
      status: "dead",
      error: "the signing secret cannot be opened (ENCRYPTION_KEY changed?)",
      now,
      attempted: false,
    });
    return "gone";
  }
  const body = deliveryBody(deliveryId, row.webhook.id, row.event);
  const timestamp = Math.floor(now.getTime() / 1000);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await send(row.webhook.url, {
      method: "POST",
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "gridstation-delivery": deliveryId,
        "gridstation-event": `case.${row.event.action}`,
        "gridstation-timestamp": String(timestamp),
        "gridstation-signature": await signDelivery(secret, timestamp, body),
      },
    });
    statusCode = res.status;
    // The answer's body is not needed; cancel it so the connection is freed.
    await res.body?.cancel();
    if (res.ok) {
      await record(db, deliveryId, { status: "delivered", statusCode, now, attempted: true });
      return "delivered";
    }
    error = `HTTP ${res.status}`;
  } catch (caught) {
    error = caught instanceof Error && caught.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : "could not connect";
  }
  await record(db, deliveryId, { status: "retrying", statusCode, error, now, attempted: true });
  return "retry";
}

async function record(
  db: Database,
  deliveryId: string,
  outcome: { status: "delivered" | "retrying" | "dead"; statusCode?: number | null; error?: string | null; now: Date; attempted: boolean },
) {
  await db
    .update(webhookDelivery)
    .set({
      status: outcome.status,
      attempts: outcome.attempted ? sql`${webhookDelivery.attempts} + 1` : webhookDelivery.attempts,
      lastStatusCode: outcome.statusCode ?? null,
      lastError: outcome.error ?? null,
      deliveredAt: outcome.status === "delivered" ? outcome.now : null,
      updatedAt: outcome.now,
    })
    .where(eq(webhookDelivery.id, deliveryId));
}

/** The queue gave up on a delivery (its retries are spent): it is dead unless it got through meanwhile. */
export async function markDead(db: Database, deliveryId: string, now = new Date()) {
  await db
    .update(webhookDelivery)
    .set({ status: "dead", updatedAt: now })
    .where(sql`${webhookDelivery.id} = ${deliveryId} and ${webhookDelivery.status} != 'delivered'`);
}
