import { toCircle } from "../circle.ts";
import type { Database } from "../db.ts";
import { onDirectoryChange } from "../directory/changes.ts";
import { IsolateCache } from "../lib/isolate-cache.ts";
import { preparedBatch } from "../lib/prepared-batch.ts";
import type { Preparable } from "../lib/prepared-statement.ts";
import { livePageQuery, parseStoredPage, readyPageQuery, type StoredStationPage } from "./station-page-store.ts";

export type StationPageData = Omit<StoredStationPage, "circle"> & { circle: ReturnType<typeof toCircle> };

export function toPageData(data: string | null | undefined): StationPageData | null {
  if (!data) return null;
  const stored = parseStoredPage(data);
  return { ...stored, circle: toCircle(stored.circle) };
}

/**
 * Station pages are public and served with `max-age=60` anyway, so each isolate keeps their data
 * as long: a poster scanned again and again costs no D1 read. Directory edits made in this
 * isolate clear it at once (worker/directory/changes.ts); elsewhere they show within the minute.
 */
const stationPages = new IsolateCache<StationPageData>(60_000, 500);
onDirectoryChange(() => stationPages.clear());

// Both read plain text columns under their own names: no row mapping.
const readReady = preparedBatch((db) => [readyPageQuery(db)] as const, { asIs: [0] });
const readLive = preparedBatch((db) => [livePageQuery(db)] as const, { asIs: [0] });

/**
 * Everything the station page shows: from this isolate's cache, else the station's ready page
 * (one key lookup), else, when the directory changed and the page was not stored again yet,
 * computed from the directory in a second round trip.
 */
export async function loadStationPage(db: Database, code: string): Promise<StationPageData | null> {
  const cached = stationPages.get(code);
  if (cached) return cached;
  const [[ready]] = await readReady(db, { code });
  // Stryker disable next-line OptionalChaining: the ready query selects from (SELECT 1), so it always returns exactly one row.
  if (!ready?.present) return null;
  if (!ready.data) return loadLivePage(db, code);
  const data = toPageData(ready.data);
  if (data) stationPages.set(code, data);
  return data;
}

/** The page's data computed from the directory, when it changed and the page was not stored again yet. */
export async function loadLivePage(db: Database, code: string): Promise<StationPageData | null> {
  const data = toPageData((await readLive(db, { code }))[0][0]?.data);
  if (data) stationPages.set(code, data);
  return data;
}

/**
 * A loader of the station page's data with the rows of more prepared statements (with their
 * placeholders' values), in one round trip. The page is computed from the directory here rather
 * than read ready, so that a missing ready page never costs a second round trip before a write.
 * When this isolate holds the page's data the statements are run alone only if `alone` asks for
 * it; otherwise their rows are null (not looked up).
 */
export function stationPageWith<const E extends readonly Preparable[]>(extras: (db: Database) => E) {
  const withPage = preparedBatch((db) => [livePageQuery(db), ...extras(db)] as const, { asIs: [0] });
  const byItself = preparedBatch((db) => extras(db));
  return async (
    db: Database,
    code: string,
    values: Record<string, unknown>,
    options: { alone: boolean },
  ): Promise<{ data: StationPageData | null; rows: { -readonly [K in keyof E]: Awaited<E[K]> } | null }> => {
    type Rows = { -readonly [K in keyof E]: Awaited<E[K]> };
    const cached = stationPages.get(code);
    if (cached) {
      if (!options.alone) return { data: cached, rows: null };
      return { data: cached, rows: (await byItself(db, values)) as unknown as Rows };
    }
    const [pages, ...rows] = await withPage(db, { ...values, code });
    const data = toPageData(pages[0]?.data);
    if (data) stationPages.set(code, data);
    return { data, rows: rows as unknown as Rows };
  };
}
