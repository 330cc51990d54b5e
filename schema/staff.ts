import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { area } from "./area.ts";
import { timestamps } from "./columns.ts";
import { STAFF_ROLES } from "./constants.ts";
import { department } from "./department.ts";

/** People who sign in to work cases: area roles have an area scope, officers a department. */
export const staff = sqliteTable(
  "staff",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    phone: text().notNull(),
    role: text({ enum: STAFF_ROLES }).notNull(),
    areaId: text().references(() => area.id),
    /** The area's path, copied so scope checks need no join. */
    areaPath: text(),
    departmentId: text().references(() => department.id),
    /** `pbkdf2-sha256$<iterations>$<salt>$<hash>`; null until a password is set. */
    passwordHash: text(),
    active: integer({ mode: "boolean" }).notNull().default(true),
    /** The TOTP secret, sealed with ENCRYPTION_KEY (worker/lib/secret-box.ts); null when not enrolled. */
    totpSecret: text(),
    totpEnabledAt: integer({ mode: "timestamp_ms" }),
    /** The last time step whose code was accepted: a code works once. */
    totpLastStep: integer(),
    /**
     * The key being set up, sealed like `totpSecret` (its own context): kept across reloads and
     * wrong codes until enrolment succeeds or the member asks for a new one; never checked at sign-in.
     */
    totpPendingSecret: text(),
    /** The member takes SMS notifications (issue 21); off: none is sent to their number. */
    notifySms: integer({ mode: "boolean" }).notNull().default(true),
    /** The member is @-mentioned in their area's WeChat Work group posts; off: the post goes without them. */
    notifyGroup: integer({ mode: "boolean" }).notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("staff_phone_unique").on(t.phone),
    index("staff_area_path_idx").on(t.areaPath),
    index("staff_department_idx").on(t.departmentId),
  ],
);

export type Staff = typeof staff.$inferSelect;
export type NewStaff = typeof staff.$inferInsert;
