import { and, eq, getTableColumns, inArray, isNull, max, sql } from "drizzle-orm";
import { monotonicFactory } from "ulidx";
import { apiKey } from "../../schema/api-key.ts";
import { type CaseEventRow, caseEvent } from "../../schema/case.ts";
import { type Webhook, webhook, webhookDelivery } from "../../schema/webhook.ts";
import type { Principal } from "../auth/principal.ts";
import { eventQueries, mergeById } from "../cases/event-scope.ts";
import { D1_MAX_PARAMETERS, type Database } from "../db.ts";

// Monotonic: deliveries made in the same millisecond keep their events' order in their ids.
const deliveryUlid = monotonicFactory();

/** Events turned into deliveries per subscription per pass; the next pass goes on from the cursor. */
const EVENTS_PER_PASS = 50;

/**
 * Turns the case events each active subscription has not seen into deliveries, in its key's
 * scope, and moves its cursor on in the same batch. Safe to run twice or concurrently: the
 * (webhook, event) unique index drops repeats, and only rows this run inserted are returned,
 * so each delivery is queued once.
 */
export async function fanOut(db: Database, now = new Date()): Promise<string[]> {
  const subscriptions = await db
    .select({ webhook, areaPath: apiKey.areaPath })
    .from(webhook)
    .innerJoin(apiKey, eq(apiKey.id, webhook.apiKeyId))
    .where(and(eq(webhook.active, true), isNull(apiKey.revokedAt)));
  const created: string[] = [];
  for (const { webhook: subscription, areaPath } of subscriptions) {
    created.push(...(await fanOutOne(db, subscription, areaPath, now)));
  }
  return created;
}

async function fanOutOne(db: Database, subscription: Webhook, areaPath: string | null, now: Date): Promise<string[]> {
  const key: Principal = { kind: "api_key", keyId: subscription.apiKeyId, name: "", scopes: ["cases:read"], areaPath };
  const actions = subscription.actions?.length ? inArray(caseEvent.action, subscription.actions) : undefined;
  // The key's events through the index of its area (event-scope.ts), not the district's walked by id.
  const reads = eventQueries(db, key, subscription.cursor, EVENTS_PER_PASS, actions);
  // One batch is one snapshot: the newest id read with the events bounds what this pass has seen.
  const [newestRows, ...lists] = await db.batch([db.select({ id: max(caseEvent.id) }).from(caseEvent), ...reads]);
  const newest = (newestRows as { id: number | null }[])[0];
  const events = mergeById(lists as CaseEventRow[][], EVENTS_PER_PASS);
  const seenUpTo = events.length === EVENTS_PER_PASS ? events.at(-1)!.id : (newest?.id ?? subscription.cursor);
  if (seenUpTo <= subscription.cursor) return [];
  const moveCursor = db
    .update(webhook)
    .set({ cursor: sql`max(${webhook.cursor}, ${seenUpTo})` })
    .where(eq(webhook.id, subscription.id));
  if (events.length === 0) {
    await moveCursor;
    return [];
  }
  const rows = events.map((e) => ({
    id: `dlv_${deliveryUlid(now.getTime())}`,
    webhookId: subscription.id,
    eventId: e.id,
    status: "pending" as const,
    createdAt: now,
    updatedAt: now,
  }));
  // Drizzle binds every column (defaults included), so the table's width sets the rows per insert.
  const rowsPerInsert = Math.floor(D1_MAX_PARAMETERS / Object.keys(getTableColumns(webhookDelivery)).length);
  const inserts = chunks(rows, rowsPerInsert).map((chunk) =>
    db.insert(webhookDelivery).values(chunk).onConflictDoNothing().returning({ id: webhookDelivery.id }),
  );
  const results = await db.batch([moveCursor, ...inserts]);
  return results.slice(1).flatMap((inserted) => (inserted as { id: string }[]).map((r) => r.id));
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}
