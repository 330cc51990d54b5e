import { eq, isNull } from "drizzle-orm";
import { contact } from "../../schema/contact.ts";
import { station } from "../../schema/station.ts";
import type { Database } from "../db.ts";
import { refillStationPages } from "../resident/station-page-store.ts";
import { circleEntryIds, locationId } from "./ids.ts";
import { refillPairings } from "./pairing-store.ts";

/** Rows per table and run; the cron runs every five minutes. */
const PER_RUN = 200;

/**
 * Gives HSDS ids to rows written before they existed (migration 0010). SQLite cannot compute
 * SHA-1, so the migration could not fill them; every write since sets them. Until a row has its
 * ids the HSDS view leaves it out.
 */
export async function fillMissingHsdsIds(db: Database): Promise<number> {
  const [stations, contacts] = await db.batch([
    db.select({ code: station.code }).from(station).where(isNull(station.hsdsId)).limit(PER_RUN),
    db
      .select({ id: contact.id, areaId: contact.areaId, role: contact.role, organization: contact.organization })
      .from(contact)
      .where(isNull(contact.hsdsServiceId))
      .limit(PER_RUN),
  ]);
  // The ids first: a drizzle statement returned from an async function would run on its own.
  const stationIds = await Promise.all(stations.map((s) => locationId(s.code)));
  const contactIds = await Promise.all(contacts.map((c) => circleEntryIds(c)));
  const updates = [
    ...stations.map((s, i) => db.update(station).set({ hsdsId: stationIds[i] }).where(eq(station.code, s.code))),
    ...contacts.map((c, i) => db.update(contact).set(contactIds[i]!).where(eq(contact.id, c.id))),
  ];
  const [first, ...rest] = updates;
  // The updates empty the ready station pages and pairings (migrations/0012, 0029); they are stored again at once.
  if (first) await db.batch([first, ...rest, refillStationPages(db), refillPairings(db)]);
  return updates.length;
}
