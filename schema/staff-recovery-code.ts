import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { staff } from "./staff.ts";

/** One-time codes that stand in for the authenticator when the phone is lost; only hashes stored. */
export const staffRecoveryCode = sqliteTable(
  "staff_recovery_code",
  {
    codeHash: text().primaryKey(),
    staffId: integer()
      .notNull()
      .references(() => staff.id),
    usedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("staff_recovery_code_staff_idx").on(t.staffId)],
);
