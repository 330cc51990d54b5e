import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { AreaLevel } from "./constants.ts";

/**
 * Every pairing of an active station with a service offered there (worker/hsds/pairings.ts), kept
 * ready in the order `/hsds/service_at_locations` lists them: resolving the ~26,000 pairings of a
 * district took about 0.2 s per list request, and a page of ready rows is a range of `position`.
 * Emptied by any change to areas, stations or contacts (triggers in migrations/), like
 * `station_page`, and refilled whole in the same batch as the worker's directory writes and on the
 * cron (worker/hsds/pairing-store.ts). `version` names the SQL that built the rows, so rows of
 * another build are never read; `total` is the number of pairings of that build.
 */
export const hsdsPairing = sqliteTable(
  "hsds_pairing",
  {
    /** 1-based place in the list's order. */
    position: integer().primaryKey(),
    version: text().notNull(),
    total: integer().notNull(),
    code: text().notNull(),
    source: text().$type<"circle" | "station">().notNull(),
    kind: text().notNull(),
    serviceId: text(),
    organizationId: text(),
    organization: text(),
    locationId: text().notNull(),
    stationName: text().notNull(),
    stationNameEn: text(),
    address: text().notNull(),
    lat: real(),
    lng: real(),
    areaName: text(),
    areaLevel: text().$type<AreaLevel>(),
    parentName: text(),
    modified: integer().notNull(),
  },
  // The single service at a location reads the pairings of one station, found by its id's prefix.
  (t) => [index("hsds_pairing_location_idx").on(t.locationId)],
);
