import { and, asc, eq, type Placeholder, sql } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { station } from "../../schema/station.ts";
import { circleQuery, toCircle } from "../circle.ts";
import type { Database } from "../db.ts";
import { areaChainOfStation } from "../directory/areas.ts";
import { onDirectoryChange } from "../directory/changes.ts";
import { IsolateCache } from "../lib/isolate-cache.ts";
import { preparedBatch } from "../lib/prepared-batch.ts";
import type { Preparable } from "../lib/prepared-statement.ts";

/** The four statements behind the station page, to run alone or inside a larger batch. */
function stationPageQueries(db: Database, code: string | Placeholder) {
  return [
    db.select().from(station).where(and(eq(station.code, code), eq(station.active, true))).limit(1),
    areaChainOfStation(db, code),
    circleQuery(db, code),
    db
      .select({ id: area.id, name: area.name, path: area.path })
      .from(area)
      .where(and(eq(area.parentId, db.select({ id: station.gridId }).from(station).where(eq(station.code, code))), eq(area.level, "micro_grid")))
      .orderBy(asc(area.id)),
  ] as const;
}

// The area chain, circle and micro-grid rows select plain columns under their own names.
const runStationPage = preparedBatch((db) => stationPageQueries(db, sql.placeholder("code")), { asIs: [1, 2, 3] });
type StationPageResults = Awaited<ReturnType<typeof runStationPage>>;

function assembleStationPage([stations, areas, circleRows, microGrids]: StationPageResults) {
  const found = stations[0];
  if (!found) return null;
  return { station: found, areas, circle: toCircle(circleRows), microGrids };
}

/**
 * Station pages are public and served with `max-age=60` anyway, so each isolate keeps their data
 * as long: a poster scanned again and again costs no D1 read. Directory edits made in this
 * isolate clear it at once (worker/directory/changes.ts); elsewhere they show within the minute.
 */
const stationPages = new IsolateCache<StationPageData>(60_000, 500);
onDirectoryChange(() => stationPages.clear());

/** Everything the station page shows, in one D1 round trip (one batch of four statements). */
export async function loadStationPage(db: Database, code: string) {
  const cached = stationPages.get(code);
  if (cached) return cached;
  const data = assembleStationPage(await runStationPage(db, { code }));
  if (data) stationPages.set(code, data);
  return data;
}


/**
 * A loader of the station page's data with the rows of one more prepared statement (with its
 * placeholders' values), in one round trip. When this isolate holds the page's data the statement
 * is run alone only if `alone` asks for it; otherwise its rows are null (not looked up).
 */
export function stationPageWith<const E extends Preparable>(extra: (db: Database) => E) {
  const withPage = preparedBatch((db) => [...stationPageQueries(db, sql.placeholder("code")), extra(db)] as const, { asIs: [1, 2, 3] });
  const byItself = preparedBatch((db) => [extra(db)] as const);
  return async (db: Database, code: string, values: Record<string, unknown>, options: { alone: boolean }): Promise<{ data: StationPageData | null; rows: Awaited<E> | null }> => {
    const cached = stationPages.get(code);
    if (cached) {
      if (!options.alone) return { data: cached, rows: null };
      const [rows] = await byItself(db, values);
      return { data: cached, rows: rows as Awaited<E> };
    }
    const [stations, areas, circleRows, microGrids, rows] = await withPage(db, { ...values, code });
    const data = assembleStationPage([stations, areas, circleRows, microGrids]);
    if (data) stationPages.set(code, data);
    return { data, rows: rows as Awaited<E> };
  };
}

export type StationPageData = NonNullable<ReturnType<typeof assembleStationPage>>;
