import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { staff } from "./staff.ts";

/**
 * Sign-in attempts of one member that have not (yet) succeeded, per step and client:
 * `password|device:<id>` (a browser that signed in to this account before), `code|address:<ip>`,
 * and `password|account` / `code|account` for every untrusted client together
 * (worker/auth/sign-in-throttle.ts has the policy).
 */
export const signInThrottle = sqliteTable(
  "sign_in_throttle",
  {
    staffId: integer()
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    client: text().notNull(),
    attempts: integer().notNull(),
    lockedUntil: integer({ mode: "timestamp_ms" }),
    lastAttemptAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.client] })],
);
