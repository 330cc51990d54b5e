import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { area } from "./area.ts";
import { timestamps } from "./columns.ts";
import type { StationService } from "./constants.ts";
import type { OpeningHours } from "./opening-hours.ts";

/** A grid party-and-mass service micro-station; `code` is printed on its poster and QR code. */
export const station = sqliteTable(
  "station",
  {
    code: text().primaryKey(),
    name: text().notNull(),
    nameEn: text(),
    gridId: text()
      .notNull()
      .references(() => area.id),
    /** The grid's path, copied so that subtree filters are one indexed range. */
    areaPath: text().notNull(),
    address: text().notNull(),
    lat: real(),
    lng: real(),
    openingHours: text({ mode: "json" }).$type<OpeningHours>().notNull(),
    services: text({ mode: "json" }).$type<StationService[]>().notNull(),
    active: integer({ mode: "boolean" }).notNull().default(true),
    /**
     * Counts the entry's changes: an edit made from an older revision is refused (If-Match on the
     * API, a hidden field on the admin forms), so two editors cannot silently undo each other.
     */
    revision: integer().notNull().default(1),
    /** The station's HSDS location id, derived from its code (worker/hsds/ids.ts); set on insert. */
    hsdsId: text(),
    ...timestamps,
  },
  (t) => [
    index("station_area_path_idx").on(t.areaPath, t.code),
    index("station_grid_idx").on(t.gridId),
    uniqueIndex("station_hsds_id_unique").on(t.hsdsId),
  ],
);

export type Station = typeof station.$inferSelect;
export type NewStation = typeof station.$inferInsert;
