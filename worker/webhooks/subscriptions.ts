import { and, desc, eq, max } from "drizzle-orm";
import { ulid } from "ulidx";
import { caseEvent } from "../../schema/case.ts";
import type { CaseAction } from "../../schema/constants.ts";
import { type Webhook, webhook } from "../../schema/webhook.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { randomBytes, toBase64Url } from "../lib/encoding.ts";
import { type Keys, seal } from "../lib/secret-box.ts";
import { isPrivateDestination } from "./destination.ts";

/** Subscriptions per API key: enough for a few systems, not a way to multiply traffic. */
const MAX_WEBHOOKS_PER_KEY = 10;

export const secretContext = (webhookId: string) => `webhook|${webhookId}`;

/**
 * Subscribes a URL to the key's case events from now on (the cursor starts at the newest event).
 * The signing secret is returned once; D1 keeps it sealed.
 */
export async function createWebhook(
  db: Database,
  encryptionKey: Keys,
  apiKeyId: string,
  input: { url: string; actions?: CaseAction[] | undefined },
  { allowPrivateDestinations, now = new Date() }: { allowPrivateDestinations: boolean; now?: Date },
) {
  if (!allowPrivateDestinations && isPrivateDestination(new URL(input.url))) {
    throw new DomainError("validation_failed", "Webhook URLs must point at a public address.", {
      details: [{ path: "url", message: "a private, loopback or link-local address" }],
    });
  }
  const existing = await db
    .select({ id: webhook.id })
    .from(webhook)
    .where(and(eq(webhook.apiKeyId, apiKeyId), eq(webhook.active, true)));
  if (existing.length >= MAX_WEBHOOKS_PER_KEY) {
    throw new DomainError("conflict", `An API key may have at most ${MAX_WEBHOOKS_PER_KEY} active webhooks; delete one first.`);
  }
  const id = `wh_${ulid(now.getTime())}`;
  const secret = `whsec_${toBase64Url(randomBytes(32))}`;
  const [newest] = await db.select({ id: max(caseEvent.id) }).from(caseEvent);
  const [row] = await db
    .insert(webhook)
    .values({
      id,
      apiKeyId,
      url: input.url,
      secretBox: await seal(encryptionKey, secret, secretContext(id)),
      actions: input.actions ?? null,
      cursor: newest?.id ?? 0,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { webhook: row!, secret };
}

export function listWebhooks(db: Database, apiKeyId: string) {
  return db.select().from(webhook).where(eq(webhook.apiKeyId, apiKeyId)).orderBy(desc(webhook.id)).limit(100);
}

/** A key sees only its own subscriptions; another key's answers 404, as if it did not exist. */
export async function webhookOf(db: Database, apiKeyId: string, id: string): Promise<Webhook> {
  const row = await db.query.webhook.findFirst({ where: and(eq(webhook.id, id), eq(webhook.apiKeyId, apiKeyId)) });
  if (!row) throw new DomainError("not_found", `No webhook ${id} belongs to this API key.`);
  return row;
}

/** Stops new deliveries; the subscription and its delivery log stay for the record. */
export async function deactivateWebhook(db: Database, apiKeyId: string, id: string, now = new Date()) {
  await webhookOf(db, apiKeyId, id);
  await db.update(webhook).set({ active: false, updatedAt: now }).where(eq(webhook.id, id));
}
