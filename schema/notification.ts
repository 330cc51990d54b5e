import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { NotificationKind } from "../worker/notify/channel.ts";
import { area } from "./area.ts";
import { timestamps } from "./columns.ts";
import { STAFF_ROLES } from "./constants.ts";

export const NOTIFICATION_STATUSES = ["queued", "held", "sent", "failed", "retrying", "dead"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const NOTIFICATION_CHANNELS = ["sms", "wecom"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Who a notification is for: a member of staff (their number), an area's group, or the reporting resident. */
export const RECIPIENT_KINDS = ["staff", "group", "resident"] as const;

/**
 * The notifications outbox (issue 21): written in the batch of the case event that causes it,
 * delivered by the queue. The id is also the provider's duplicate-safe request id, made of the
 * event and the recipient, so the same event can never notify the same recipient twice.
 */
export const notification = sqliteTable(
  "notification",
  {
    id: text().primaryKey(),
    kind: text().$type<NotificationKind>().notNull(),
    channel: text({ enum: NOTIFICATION_CHANNELS }).notNull(),
    recipientKind: text({ enum: RECIPIENT_KINDS }).notNull(),
    /** The staff id or the area id; null for the resident (their number is read from the case when sending). */
    recipientRef: text(),
    /** A member's number, copied when written; null for groups (their URL is sealed) and residents. */
    recipient: text(),
    /** For the trail ("网格员 张三"): the member's role and name, or the group's area name. */
    recipientRole: text({ enum: STAFF_ROLES }),
    recipientName: text(),
    caseId: text().notNull(),
    eventId: integer(),
    /** The case's area path when written: the delivery log is read per area. */
    areaPath: text().notNull(),
    /** What the message says besides the case's own facts (e.g. the level a case arrived at); never personal data. */
    params: text({ mode: "json" }).$type<Record<string, string>>().notNull(),
    status: text({ enum: NOTIFICATION_STATUSES }).notNull(),
    attempts: integer().notNull().default(0),
    /** What the provider said last (or why nothing was sent: a cap, quiet hours, a missing number). */
    answer: text(),
    /** Held by quiet hours until then. */
    notBefore: integer({ mode: "timestamp_ms" }),
    /** A consumer is sending it until then: a second copy of the message waits rather than sends. */
    leasedUntil: integer({ mode: "timestamp_ms" }),
    sentAt: integer({ mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [
    index("notification_case_idx").on(t.caseId, t.createdAt),
    index("notification_created_idx").on(t.createdAt, t.id),
    index("notification_status_idx").on(t.status, t.createdAt, t.id),
    index("notification_channel_idx").on(t.channel, t.createdAt, t.id),
    // The caps: SMS sent to one number in the last hour, and in the district today.
    index("notification_recipient_sent_idx").on(t.recipient, t.sentAt),
    index("notification_channel_sent_idx").on(t.channel, t.sentAt),
  ],
);

export type NotificationRow = typeof notification.$inferSelect;

/**
 * An area's staff group on WeChat Work (企业微信): its group robot's webhook URL, sealed with
 * ENCRYPTION_KEY like webhook secrets (the URL's key is what lets anyone post to the group).
 */
export const areaNotifyGroup = sqliteTable("area_notify_group", {
  areaId: text()
    .primaryKey()
    .references(() => area.id),
  urlBox: text().notNull(),
  ...timestamps,
});
