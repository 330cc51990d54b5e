import { eq, sql } from "drizzle-orm";
import { webhook } from "../../schema/webhook.ts";
import { preparedStatement } from "../lib/prepared-statement.ts";

/**
 * Whether any webhook subscription is active, as a D1 statement to ride in a write's batch: one
 * row if so. A write that finds none need not queue a fan-out (every queued message is billed
 * Queue operations, and most districts will have no subscribers). Nothing is lost when one
 * subscribes meanwhile: its cursor starts at the newest event it saw, and the next write or the
 * five-minute cron fans out whatever came after.
 */
export const anyActiveWebhook = preparedStatement((db) =>
  db.select({ one: sql<number>`1` }).from(webhook).where(eq(webhook.active, true)).limit(1),
);
