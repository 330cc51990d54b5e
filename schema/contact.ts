import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { area } from "./area.ts";
import { CIRCLE_ROLES } from "./constants.ts";
import { timestamps } from "./columns.ts";
import { department } from "./department.ts";

/**
 * One entry of a livelihood circle, attached to an area at any level. A station's circle takes,
 * for each role, the contacts of the nearest area on the way up from its grid.
 */
export const contact = sqliteTable(
  "contact",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    areaId: text()
      .notNull()
      .references(() => area.id),
    role: text({ enum: CIRCLE_ROLES }).notNull(),
    name: text().notNull(),
    /** The office or company behind the person, e.g. 巨轮派出所, 太原供电公司. */
    organization: text(),
    phone: text().notNull(),
    departmentId: text().references(() => department.id),
    active: integer({ mode: "boolean" }).notNull().default(true),
    ...timestamps,
  },
  (t) => [
    index("contact_area_role_idx").on(t.areaId, t.role),
    index("contact_role_idx").on(t.role, t.id),
  ],
);

export type Contact = typeof contact.$inferSelect;
export type NewContact = typeof contact.$inferInsert;
