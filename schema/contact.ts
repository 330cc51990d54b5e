import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { area } from "./area.ts";
import { timestamps } from "./columns.ts";
import { CIRCLE_ROLES } from "./constants.ts";
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
    /**
     * Counts the entry's changes: an edit made from an older revision is refused (If-Match on the
     * API, a hidden field on the admin forms), so two editors cannot silently undo each other.
     */
    revision: integer().notNull().default(1),
    /**
     * The HSDS service and organization this entry belongs to, derived from area, role and
     * organization (worker/hsds/ids.ts) whenever those are written; contacts sharing them are one
     * service.
     */
    hsdsServiceId: text(),
    hsdsOrganizationId: text(),
    ...timestamps,
  },
  (t) => [
    index("contact_area_role_idx").on(t.areaId, t.role),
    index("contact_role_idx").on(t.role, t.id),
    index("contact_hsds_service_idx").on(t.hsdsServiceId),
    index("contact_hsds_organization_idx").on(t.hsdsOrganizationId),
  ],
);

export type Contact = typeof contact.$inferSelect;
export type NewContact = typeof contact.$inferInsert;
