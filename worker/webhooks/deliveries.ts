import { and, desc, eq, lt } from "drizzle-orm";
import { type DeliveryStatus, webhookDelivery } from "../../schema/webhook.ts";
import type { Database } from "../db.ts";
import { decodeCursor, paginate } from "../lib/cursor.ts";

/** A webhook's deliveries, newest first (ids are ULIDs), walking `webhook_delivery_list_idx`. */
export async function listDeliveries(
  db: Database,
  webhookId: string,
  query: { limit: number; cursor?: string | undefined; status?: DeliveryStatus | undefined },
) {
  const before = query.cursor ? String(decodeCursor(query.cursor, 1)[0]) : undefined;
  const rows = await db
    .select()
    .from(webhookDelivery)
    .where(
      and(
        eq(webhookDelivery.webhookId, webhookId),
        before ? lt(webhookDelivery.id, before) : undefined,
        query.status ? eq(webhookDelivery.status, query.status) : undefined,
      ),
    )
    .orderBy(desc(webhookDelivery.id))
    .limit(query.limit + 1);
  return paginate(rows, query.limit, (row) => [row.id]);
}
