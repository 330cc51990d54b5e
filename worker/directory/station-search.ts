import { and, asc, eq, or } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { area } from "../../schema/area.ts";
import { station } from "../../schema/station.ts";
import type { Database } from "../db.ts";
import { anyContains, occursIn } from "../lib/text-search.ts";

/**
 * Stations a resident's search names: those whose name, code, address, community or street
 * contains the text, and those whose name, address or community the text contains (a pasted
 * address holds its community's name). The whole district has about a thousand stations, so a
 * scan of them is cheaper than maintaining a search index.
 */
export async function searchStations(db: Database, text: string, limit = 50) {
  const grid = alias(area, "grid");
  const community = alias(area, "community");
  const street = alias(area, "street");
  return db
    .select({ code: station.code, name: station.name, community: community.name, street: street.name })
    .from(station)
    .innerJoin(grid, eq(grid.id, station.gridId))
    .innerJoin(community, eq(community.id, grid.parentId))
    .innerJoin(street, eq(street.id, community.parentId))
    .where(
      and(
        eq(station.active, true),
        or(
          anyContains([station.name, station.code, station.address, community.name, street.name], text),
          occursIn(station.name, text),
          occursIn(station.address, text),
          occursIn(community.name, text),
        ),
      ),
    )
    .orderBy(asc(station.code))
    .limit(limit);
}
