import { and, asc, eq } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { station } from "../../schema/station.ts";
import { circleQuery, toCircle } from "../circle.ts";
import type { Database } from "../db.ts";
import { areaChainOfStation } from "../directory/areas.ts";

/** Everything the station page shows, in one D1 round trip (one batch of four statements). */
export async function loadStationPage(db: Database, code: string) {
  const [stations, areas, circleRows, microGrids] = await db.batch([
    db.select().from(station).where(and(eq(station.code, code), eq(station.active, true))).limit(1),
    areaChainOfStation(db, code),
    circleQuery(db, code),
    db
      .select({ id: area.id, name: area.name })
      .from(area)
      .where(and(eq(area.parentId, db.select({ id: station.gridId }).from(station).where(eq(station.code, code))), eq(area.level, "micro_grid")))
      .orderBy(asc(area.id)),
  ]);
  const found = stations[0];
  if (!found) return null;
  return { station: found, areas, circle: toCircle(circleRows), microGrids };
}

export type StationPageData = NonNullable<Awaited<ReturnType<typeof loadStationPage>>>;
