import { type SQL, sql } from "drizzle-orm";
import type { AreaLevel } from "../../schema/constants.ts";
import { circleReach } from "../circle.ts";

/**
 * Every pairing of a station with a service offered there, for the active stations that `stations`
 * (a condition on `station s`) selects: the station's circle, as the station page resolves it
 * (`circleReach`, per role the contacts of the nearest depth), and the station's own convenience
 * services. One row per station and service.
 *
 * Contacts without HSDS ids yet (written before the ids existed) still take part in deciding which
 * area is nearest, so the view never shows a contact the station page would not.
 */
export function pairings(stations: SQL) {
  return sql`
    WITH reach AS (
      SELECT code, role, hsds_service_id AS service_id, hsds_organization_id AS organization_id,
             area_id, organization, updated_at AS contact_modified, depth
      FROM (${circleReach(sql`s.active = 1 AND s.hsds_id IS NOT NULL AND ${stations}`)})
    ),
    ranked AS (
      SELECT *, MIN(depth) OVER (PARTITION BY code, role) AS nearest FROM reach
    ),
    pairing AS (
      SELECT code, 'circle' AS source, role AS kind, service_id, organization_id, area_id, organization,
             MAX(contact_modified) AS contact_modified
      FROM ranked
      WHERE depth = nearest AND service_id IS NOT NULL
      GROUP BY code, service_id
      UNION ALL
      SELECT s.code, 'station', j.value, NULL, NULL, NULL, NULL, NULL
      FROM station s, json_each(s.services) AS j
      WHERE s.active = 1 AND s.hsds_id IS NOT NULL AND ${stations}
    )
    SELECT p.code, p.source, p.kind, p.service_id, p.organization_id, p.organization,
           s.hsds_id AS location_id, s.name AS station_name, s.name_en AS station_name_en, s.address, s.lat, s.lng,
           a.name AS area_name, a.level AS area_level, pa.name AS parent_name,
           MAX(s.updated_at, IFNULL(p.contact_modified, 0)) AS modified
    FROM pairing p
    JOIN station s ON s.code = p.code
    LEFT JOIN area a ON a.id = p.area_id
    LEFT JOIN area pa ON pa.id = a.parent_id AND a.level = 'micro_grid'`;
}

/** The columns of a pairing row, for `db.select(...).from(sql\`(${pairings(...)}) AS pairing\`)`. */
export const pairingColumns = {
  code: sql<string>`code`,
  source: sql<"circle" | "station">`source`,
  kind: sql<string>`kind`,
  service_id: sql<string | null>`service_id`,
  organization_id: sql<string | null>`organization_id`,
  organization: sql<string | null>`organization`,
  location_id: sql<string>`location_id`,
  station_name: sql<string>`station_name`,
  station_name_en: sql<string | null>`station_name_en`,
  address: sql<string>`address`,
  lat: sql<number | null>`lat`,
  lng: sql<number | null>`lng`,
  area_name: sql<string | null>`area_name`,
  area_level: sql<AreaLevel | null>`area_level`,
  parent_name: sql<string | null>`parent_name`,
  modified: sql<number>`modified`,
};
