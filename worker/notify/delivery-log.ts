import { and, asc, desc, eq, gte, lt, lte, or, sql } from "drizzle-orm";
import { type NotificationChannel, type NotificationStatus, notification } from "../../schema/notification.ts";
import type { Database } from "../db.ts";
import { decodeCursor, paginate } from "../lib/cursor.ts";
import { shanghaiDay } from "../lib/time.ts";

// What admins read about notifications: the delivery log and the counts per channel and day.

export const LOG_PAGE_SIZE = 50;
const DAY_MS = 24 * 3600 * 1000;

/** The delivery log, newest first, keyset-paginated on (created_at, id): `notification_created_idx` or the filter's own index. */
export async function listNotifications(
  db: Database,
  query: { status?: NotificationStatus | undefined; channel?: NotificationChannel | undefined; cursor?: string | undefined },
) {
  const after = query.cursor ? decodeCursor(query.cursor, 2) : null;
  const rows = await db
    .select()
    .from(notification)
    .where(
      and(
        query.status ? eq(notification.status, query.status) : undefined,
        query.channel ? eq(notification.channel, query.channel) : undefined,
        // The leading bound on its own, so SQLite seeks the index to it (as worker/cases/list-order.ts).
        after
          ? and(
              lte(notification.createdAt, new Date(Number(after[0]))),
              or(lt(notification.createdAt, new Date(Number(after[0]))), lt(notification.id, String(after[1]))),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notification.createdAt), desc(notification.id))
    .limit(LOG_PAGE_SIZE + 1);
  return paginate(rows, LOG_PAGE_SIZE, (row) => [row.createdAt.getTime(), row.id]);
}

export interface DayCount {
  /** The Shanghai day, YYYY-MM-DD. */
  day: string;
  channel: NotificationChannel;
  sent: number;
  /** Failed or given up: never delivered. */
  failed: number;
}

/** Notifications per channel and Shanghai day over the last `days` days, newest day first; a range on `notification_created_idx`. */
export function dailyCounts(db: Database, now: Date, days = 14): Promise<DayCount[]> {
  const since = new Date(shanghaiDay(now).start.getTime() - (days - 1) * DAY_MS);
  const day = sql<string>`strftime('%Y-%m-%d', ${notification.createdAt} / 1000, 'unixepoch', '+8 hours')`;
  return db
    .select({
      day,
      channel: notification.channel,
      sent: sql<number>`sum(${notification.status} = 'sent')`,
      failed: sql<number>`sum(${notification.status} IN ('failed', 'dead'))`,
    })
    .from(notification)
    .where(gte(notification.createdAt, since))
    .groupBy(day, notification.channel)
    .orderBy(desc(day), asc(notification.channel));
}

/** A case's notifications for its staff screen, oldest first (`notification_case_idx`). */
export function notificationsOfCase(db: Database, caseId: string) {
  return db
    .select()
    .from(notification)
    .where(eq(notification.caseId, caseId))
    .orderBy(asc(notification.createdAt), asc(notification.id))
    .limit(200);
}
