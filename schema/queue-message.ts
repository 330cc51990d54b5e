import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The self-hosted runtime's queue (selfhost/queue.ts): messages wait here until a consumer takes
 * them, with Cloudflare Queues' semantics (ack, retry with delay, max_retries, dead letters).
 * On Cloudflare the table stays empty: Queues hold the messages there.
 */
export const queueMessage = sqliteTable(
  "queue_message",
  {
    id: text().primaryKey(),
    queue: text().notNull(),
    body: text({ mode: "json" }).notNull(),
    /** Deliveries so far; the next delivery's `attempts` is this + 1. */
    attempts: integer().notNull().default(0),
    /** When it may be delivered (next): after a retry's delay, or after a lease runs out. */
    visibleAt: integer({ mode: "timestamp_ms" }).notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("queue_message_visible_idx").on(t.queue, t.visibleAt)],
);
