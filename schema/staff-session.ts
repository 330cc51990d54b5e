import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { staff } from "./staff.ts";

/** A signed-in staff member. The cookie holds a random token; only its SHA-256 is stored here. */
export const staffSession = sqliteTable(
  "staff_session",
  {
    tokenHash: text().primaryKey(),
    staffId: integer()
      .notNull()
      .references(() => staff.id),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    revokedAt: integer({ mode: "timestamp_ms" }),
    /** When the second factor was checked for this session; null for password-only sessions. */
    secondFactorAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("staff_session_staff_idx").on(t.staffId)],
);

export type StaffSession = typeof staffSession.$inferSelect;
