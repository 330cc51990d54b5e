import { and, asc, eq } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { station } from "../../schema/station.ts";
import { circleQuery, toCircle } from "../circle.ts";
import type { Database } from "../db.ts";
import { areaChainOfStation } from "../directory/areas.ts";

/** The four statements behind the station page, to run alone or inside a larger batch. */
export function stationPageQueries(db: Database, code: string) {
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

type StationPageResults = Awaited<ReturnType<typeof runStationPage>>;
const runStationPage = (db: Database, code: string) => db.batch(stationPageQueries(db, code));

export function assembleStationPage([stations, areas, circleRows, microGrids]: StationPageResults) {
  const found = stations[0];
  if (!found) return null;
  return { station: found, areas, circle: toCircle(circleRows), microGrids };
}

/** Everything the station page shows, in one D1 round trip (one batch of four statements). */
export async function loadStationPage(db: Database, code: string) {
  return assembleStationPage(await runStationPage(db, code));
}

export type StationPageData = NonNullable<ReturnType<typeof assembleStationPage>>;
