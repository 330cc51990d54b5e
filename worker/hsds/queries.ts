import { and, asc, eq, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { area } from "../../schema/area.ts";
import type { AreaLevel, StationService } from "../../schema/constants.ts";
import { contact } from "../../schema/contact.ts";
import { STATION_WORDS } from "../../schema/directory-words.ts";
import { hsdsPairing } from "../../schema/hsds-pairing.ts";
import { station } from "../../schema/station.ts";
import type { Database } from "../db.ts";
import type { IdPrefixes } from "./ids.ts";
import { everyPairing, livePairingsQuery, pairingVersion, readyPage, readyRows, readyTotal } from "./pairing-store.ts";
import { pairingColumns, pairings } from "./pairings.ts";
import { namesContaining, wordsContaining } from "./search.ts";

export interface ListFilters {
  search?: string | undefined;
  modifiedAfter?: Date | undefined;
  organization?: OrganizationFilter | undefined;
}

/** The micro-stations' own services all belong to one organization; circle services name theirs. */
type OrganizationFilter = { stations: true } | { stations: false; id: string };

export interface PageWindow {
  limit: number;
  offset: number;
}

const countOf = (db: Database, from: SQL, where: SQL | undefined) => db.select({ total: sql<number>`count(*)` }).from(from).where(where);

function listConditions(filters: ListFilters, names: string[]): SQL | undefined {
  const org = filters.organization;
  return and(
    filters.modifiedAfter ? sql`modified > ${filters.modifiedAfter.getTime()}` : undefined,
    org ? (org.stations ? sql`source = 'station'` : sql`organization_id = ${org.id}`) : undefined,
    filters.search ? or(namesContaining(filters.search, names), wordsContaining(filters.search)) : undefined,
  );
}

/** The district's name: the micro-stations' organization is named after it. */
function districtName(db: Database) {
  return db.select({ name: area.name }).from(area).where(isNull(area.parentId)).orderBy(asc(area.id)).limit(1);
}

// Services. A circle service is the active contacts sharing an HSDS service id (this role, for this
// area, by this organization); a station service is one kind of convenience service, offered by
// every station that lists it.

const services = sql`(
  SELECT 'circle' AS source, ct.role AS kind, ct.hsds_service_id AS service_id, ct.hsds_organization_id AS organization_id,
         ct.organization, a.name AS area_name, a.level AS area_level, pa.name AS parent_name, a.path AS area_path,
         MAX(ct.updated_at) AS modified
  FROM contact ct
  JOIN area a ON a.id = ct.area_id
  LEFT JOIN area pa ON pa.id = a.parent_id AND a.level = 'micro_grid'
  WHERE ct.active = 1 AND ct.hsds_service_id IS NOT NULL
  GROUP BY ct.hsds_service_id
  UNION ALL
  SELECT 'station', j.value, NULL, NULL, NULL, NULL, NULL, NULL, '', MAX(s.updated_at)
  FROM station s, json_each(s.services) AS j
  WHERE s.active = 1 AND s.hsds_id IS NOT NULL
  GROUP BY j.value
) AS service`;

const serviceColumns = {
  source: sql<"circle" | "station">`source`,
  kind: sql<string>`kind`,
  service_id: sql<string | null>`service_id`,
  organization_id: sql<string | null>`organization_id`,
  organization: sql<string | null>`organization`,
  area_name: sql<string | null>`area_name`,
  area_level: sql<AreaLevel | null>`area_level`,
  parent_name: sql<string | null>`parent_name`,
  modified: sql<number>`modified`,
};

export async function listServices(db: Database, filters: ListFilters, window: PageWindow) {
  const where = listConditions(filters, ["organization", "area_name", "parent_name"]);
  const [rows, [count]] = await db.batch([
    // Station services first, then the circle from the district down to the micro-grids.
    db
      .select(serviceColumns)
      .from(services)
      .where(where)
      .orderBy(sql`source DESC`, sql`area_path`, sql`kind`, sql`service_id`)
      .limit(window.limit)
      .offset(window.offset),
    countOf(db, services, where),
  ]);
  return { rows, total: count?.total ?? 0 };
}

export type ServiceRow = Awaited<ReturnType<typeof listServices>>["rows"][number];

const serviceArea = alias(area, "service_area");
const parentArea = alias(area, "parent_area");

/**
 * Active circle contacts with the area they serve (a micro-grid with its grid's name). Every column
 * has its own name: D1 returns a batch's rows as objects, where a second `name` would replace the first.
 */
function members(db: Database, where: SQL) {
  return db
    .select({
      name: sql<string>`${contact.name}`.as("member_name"),
      phone: contact.phone,
      role: contact.role,
      organization: contact.organization,
      serviceId: sql<string>`${contact.hsdsServiceId}`.as("service_id"),
      organizationId: sql<string>`${contact.hsdsOrganizationId}`.as("organization_id"),
      updatedAt: contact.updatedAt,
      areaName: sql<string>`${serviceArea.name}`.as("area_name"),
      areaLevel: sql<AreaLevel>`${serviceArea.level}`.as("area_level"),
      parentName: sql<string | null>`${parentArea.name}`.as("parent_name"),
    })
    .from(contact)
    .innerJoin(serviceArea, eq(serviceArea.id, contact.areaId))
    .leftJoin(parentArea, and(eq(parentArea.id, serviceArea.parentId), eq(serviceArea.level, "micro_grid")))
    .where(and(eq(contact.active, true), isNotNull(contact.hsdsServiceId), where))
    .orderBy(asc(serviceArea.path), asc(contact.role), asc(contact.id));
}

export type MemberRow = Awaited<ReturnType<typeof members>>[number];

/** The roles an organization serves in (its description), given an expression for its id. */
function rolesOf(db: Database, organizationId: SQL) {
  return db
    .selectDistinct({ role: contact.role })
    .from(contact)
    .where(and(eq(contact.hsdsOrganizationId, organizationId), eq(contact.active, true)))
    .orderBy(asc(contact.role));
}

const organizationOfService = (serviceId: SQL | string) =>
  sql`(SELECT hsds_organization_id FROM contact WHERE hsds_service_id = ${serviceId} LIMIT 1)`;

/**
 * One circle service in one round trip: its members, its organization's roles, and the stations
 * whose circle shows it. Only stations under the service's area can show it (under the grid, for
 * a micro-grid's assistant), so the circle is resolved for those alone, a range of
 * `station_area_path_idx` (the same bounds as `listStations`).
 */
export async function getCircleService(db: Database, serviceId: string) {
  const path = sql`CASE a.level WHEN 'micro_grid' THEN p.path ELSE a.path END`;
  const boundOfServiceArea = (bound: SQL) => sql`(
    SELECT ${bound} FROM contact ct JOIN area a ON a.id = ct.area_id LEFT JOIN area p ON p.id = a.parent_id
    WHERE ct.hsds_service_id = ${serviceId} LIMIT 1)`;
  const underServiceArea = sql`s.area_path >= ${boundOfServiceArea(path)}
    AND s.area_path < ${boundOfServiceArea(sql`substr(${path}, 1, length(${path}) - 1) || '0'`)}`;
  const [found, roles, locations] = await db.batch([
    members(db, eq(contact.hsdsServiceId, serviceId)),
    rolesOf(db, organizationOfService(serviceId)),
    db
      .select(pairingColumns)
      .from(sql`(${pairings(underServiceArea)}) AS pairing`)
      .where(sql`service_id = ${serviceId}`)
      .orderBy(sql`code`),
  ]);
  return { members: found, roles: roles.map((r) => r.role), locations };
}

const offers = (kind: StationService) => sql`EXISTS (SELECT 1 FROM json_each(${station.services}) WHERE value = ${kind})`;

/** The active stations offering one kind of convenience service, and the district's name. */
export async function getStationService(db: Database, kind: StationService) {
  const [stations, district] = await db.batch([
    db
      .select()
      .from(station)
      .where(and(eq(station.active, true), isNotNull(station.hsdsId), offers(kind)))
      .orderBy(asc(station.code)),
    districtName(db),
  ]);
  return { stations, district: district[0]?.name ?? "" };
}

// Organizations: the organization named by circle contacts (or, without one, the area they are
// attached to), and the micro-stations as one organization behind their convenience services.

const organizations = (networkId: string) => sql`(
  SELECT 'circle' AS source, ct.hsds_organization_id AS id,
         COALESCE(NULLIF(TRIM(MIN(ct.organization)), ''), a.name) AS name,
         group_concat(DISTINCT ct.role) AS kinds
  FROM contact ct
  JOIN area a ON a.id = ct.area_id
  WHERE ct.active = 1 AND ct.hsds_organization_id IS NOT NULL
  GROUP BY ct.hsds_organization_id
  UNION ALL
  SELECT 'station', ${networkId}, (SELECT name FROM area WHERE parent_id IS NULL ORDER BY id LIMIT 1) || ${STATION_WORDS.zh}, kinds
  FROM (
    SELECT group_concat(DISTINCT j.value) AS kinds
    FROM station s, json_each(s.services) AS j
    WHERE s.active = 1 AND s.hsds_id IS NOT NULL
  )
  WHERE kinds IS NOT NULL
) AS organization`;

const organizationColumns = {
  source: sql<"circle" | "station">`source`,
  id: sql<string>`id`,
  name: sql<string>`name`,
  /** Comma-separated roles, or kinds of station service. */
  kinds: sql<string>`kinds`,
};

export async function listOrganizations(db: Database, networkId: string, search: string | undefined, window: PageWindow) {
  const from = organizations(networkId);
  const where = search ? namesContaining(search, ["name"]) : undefined;
  const [rows, [count]] = await db.batch([
    db
      .select(organizationColumns)
      .from(from)
      .where(where)
      .orderBy(sql`source DESC`, sql`name`, sql`id`)
      .limit(window.limit)
      .offset(window.offset),
    countOf(db, from, where),
  ]);
  return { rows, total: count?.total ?? 0 };
}

/** A circle organization's active contacts: its services, grouped by the caller. */
export function circleOrganizationMembers(db: Database, organizationId: string) {
  return members(db, eq(contact.hsdsOrganizationId, organizationId));
}

/** The kinds of convenience service the active stations offer, when each last changed, and the district. */
export async function stationNetwork(db: Database) {
  const [kinds, district] = await db.batch([
    db
      .select({ kind: sql<StationService>`j.value`, modified: sql<number>`MAX(s.updated_at)` })
      .from(sql`station s, json_each(s.services) AS j`)
      .where(sql`s.active = 1 AND s.hsds_id IS NOT NULL`)
      .groupBy(sql`j.value`)
      .orderBy(sql`j.value`),
    districtName(db),
  ]);
  return { kinds, district: district[0]?.name ?? "" };
}

// Services at locations: the pairings of every active station, read from the ready rows
// (pairing-store.ts), or computed when those are not ready (emptied by a change made outside the
// worker, or of another build) until the next directory write or cron stores them again.

export async function listServiceAtLocations(db: Database, filters: ListFilters, window: PageWindow) {
  const where = listConditions(filters, ["station_name", "code", "address", "organization", "area_name", "parent_name"]);
  // Unfiltered, a page is a range of positions and the total the build's; filtered, the ready rows are searched.
  const [ready, rows, count] =
    where === undefined
      ? await db.batch([readyTotal(db), readyPage(db, window)])
      : await db.batch([
          readyTotal(db),
          readyRows(db, where).orderBy(hsdsPairing.position).limit(window.limit).offset(window.offset),
          countOf(db, sql`${hsdsPairing}`, and(eq(hsdsPairing.version, pairingVersion(db)), where)),
        ]);
  if (ready[0]) return { rows, total: count ? (count[0]?.total ?? 0) : ready[0].total };
  return livePairings(db, where, window);
}

async function livePairings(db: Database, where: SQL | undefined, window: PageWindow) {
  const [rows, [count]] = await db.batch([
    livePairingsQuery(db).where(where).limit(window.limit).offset(window.offset),
    countOf(db, everyPairing, where),
  ]);
  return { rows, total: count?.total ?? 0 };
}

export type PairingRow = Awaited<ReturnType<typeof listServiceAtLocations>>["rows"][number];

/** A uuid column's values that begin with an 18-character id prefix: a range of its index. */
const startingWith = (column: SQL | SQLiteColumn, prefix: string) => sql`(${column} >= ${`${prefix}-`} AND ${column} < ${`${prefix}.`})`;

/**
 * One service at a location, from its id's two halves, in one round trip: the station, its
 * pairings with station services or with the circle service the second half names (its ready
 * rows, by `hsds_pairing_location_idx`; computed in a second round trip when they are not ready),
 * that service's members and its organization's roles.
 */
export async function getServiceAtLocation(db: Database, prefixes: IdPrefixes) {
  const serviceId = sql`(SELECT hsds_service_id FROM contact WHERE ${startingWith(sql`hsds_service_id`, prefixes.service)} LIMIT 1)`;
  const ofThePair = sql`(source = 'station' OR service_id = ${serviceId})`;
  const [stations, ready, stored, serviceMembers, roles, district] = await db.batch([
    db
      .select()
      .from(station)
      .where(and(startingWith(station.hsdsId, prefixes.location), eq(station.active, true)))
      .limit(1),
    readyTotal(db),
    readyRows(db, and(startingWith(hsdsPairing.locationId, prefixes.location), ofThePair)),
    members(db, eq(contact.hsdsServiceId, serviceId)),
    rolesOf(db, organizationOfService(serviceId)),
    districtName(db),
  ]);
  const found = ready[0]
    ? stored
    : await db
        .select(pairingColumns)
        .from(sql`(${pairings(startingWith(sql`s.hsds_id`, prefixes.location))}) AS pairing`)
        .where(ofThePair);
  return {
    station: stations[0],
    pairings: found,
    members: serviceMembers,
    roles: roles.map((r) => r.role),
    district: district[0]?.name ?? "",
  };
}
