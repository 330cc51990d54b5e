import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * What each active station's page shows, kept ready as one JSON text (worker/resident/station-page-store.ts):
 * scans outnumber directory edits by orders of magnitude, and the page is then one key lookup
 * instead of four joined statements. Any change to areas, stations or contacts empties the table
 * (triggers in migrations/0012), and the writes that change the directory refill it in the same
 * batch; a page with no ready row is computed from the directory as it is. `version` names the
 * shape of `data`, so rows of an older build are never read.
 */
export const stationPage = sqliteTable("station_page", {
  code: text().primaryKey(),
  version: text().notNull(),
  data: text().notNull(),
});
