import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Who changed what in the administration, and when; written in the same batch as the change. */
export const auditEvent = sqliteTable(
  "audit_event",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    actorId: integer().notNull(),
    actorName: text().notNull(),
    /** `station.create`, `staff.deactivate`, `api_key.revoke`, … */
    action: text().notNull(),
    entityId: text().notNull(),
    details: text({ mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("audit_event_created_idx").on(t.createdAt)],
);

export type AuditEvent = typeof auditEvent.$inferSelect;
