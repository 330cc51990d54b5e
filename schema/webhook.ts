import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { apiKey } from "./api-key.ts";
import { timestamps } from "./columns.ts";
import type { CaseAction } from "./constants.ts";

export const DELIVERY_STATUSES = ["pending", "retrying", "delivered", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An API client's subscription: case events in its key's scope are POSTed to `url`. */
export const webhook = sqliteTable(
  "webhook",
  {
    /** `wh_` and a ULID. */
    id: text().primaryKey(),
    apiKeyId: text()
      .notNull()
      .references(() => apiKey.id),
    url: text().notNull(),
    /** The signing secret, sealed with ENCRYPTION_KEY; the client saw it once, at creation. */
    secretBox: text().notNull(),
    /** Actions to send; null for every action. */
    actions: text({ mode: "json" }).$type<CaseAction[]>(),
    active: integer({ mode: "boolean" }).notNull().default(true),
    /** The last case_event id fanned out to deliveries: the feed's cursor, kept per subscription. */
    cursor: integer().notNull(),
    ...timestamps,
  },
  (t) => [index("webhook_api_key_idx").on(t.apiKeyId), index("webhook_active_idx").on(t.active)],
);

/** One event for one subscription: its own id (for the receiver's de-duplication) and its fate. */
export const webhookDelivery = sqliteTable(
  "webhook_delivery",
  {
    /** `dlv_` and a ULID, sent as `GridStation-Delivery`; the same on every retry. */
    id: text().primaryKey(),
    webhookId: text()
      .notNull()
      .references(() => webhook.id),
    eventId: integer().notNull(),
    status: text({ enum: DELIVERY_STATUSES }).notNull(),
    attempts: integer().notNull().default(0),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: integer({ mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    // One delivery per event and subscription, however many fan-outs race.
    uniqueIndex("webhook_delivery_event_unique").on(t.webhookId, t.eventId),
    index("webhook_delivery_list_idx").on(t.webhookId, t.id),
  ],
);

export type Webhook = typeof webhook.$inferSelect;
export type WebhookDelivery = typeof webhookDelivery.$inferSelect;
