import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * What each active station's page shows, kept ready as one JSON text (worker/resident/station-page-store.ts):
 * scans outnumber directory edits by orders of magnitude, and the page is then one key lookup
 * instead of four joined statements. Any change to areas, stations or contacts empties the table
 * (triggers in migrations/0012), and the writes that change the directory refill it in the same
 * batch; a page with no ready row is computed from the directory as it is. `version` names the
 * shape of `data`, so rows of an older build are never read; `stamp` is new with every row
 * written, so what was made from a row (its HTML below) can tell whether the row is still the same.
 */
export const stationPage = sqliteTable(
  "station_page",
  {
    code: text().primaryKey(),
    version: text().notNull(),
    data: text().notNull(),
    stamp: text().notNull().default(""),
  },
  // A scan answered from stored HTML needs the row's stamp, not its data: the stamp, written after
  // the data, would otherwise be read by walking the data's overflow pages.
  (t) => [index("station_page_stamp_idx").on(t.code, t.version, t.stamp)],
);

/**
 * The station page rendered once per language and text mode from the `station_page` row of the same
 * `stamp`, with a placeholder where each window's form token goes (worker/resident/ready-pages.ts):
 * a scan of a station this isolate has not kept is one key lookup and no rendering. `renderer`
 * names the templates that made it, so a deploy that changes the page never serves older HTML.
 * Rows whose stamp no longer matches are never read and the cron removes them.
 */
export const stationPageHtml = sqliteTable(
  "station_page_html",
  {
    code: text().notNull(),
    variant: text().notNull(),
    renderer: text().notNull(),
    stamp: text().notNull(),
    html: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.code, t.variant] })],
);
