import { type Context, Hono } from "hono";
import type { AreaLevel, CircleRole, StationService } from "../../schema/constants.ts";
import { identify } from "../auth/middleware.ts";
import { hasScope } from "../auth/principal.ts";
import { DomainError } from "../domain-error.ts";
import type { AppEnv } from "../env.ts";
import { errorResponse, handleError, unanswered } from "../errors.ts";
import { allowedMethods } from "../lib/allowed-methods.ts";
import { IsolateCache } from "../lib/isolate-cache.ts";
import {
  areaLabel,
  circleOrganization,
  circleService,
  contacts,
  fullLocation,
  location,
  type NumberAudience,
  organizationName,
  type Place,
  page,
  phones,
  schedules,
  serviceAtLocationHead,
  stationNetwork,
  stationNetworkName,
  stationService,
} from "./format.ts";
import {
  childId,
  hasPrefix,
  splitServiceAtLocationId,
  stationNetworkId,
  stationServiceId,
  stationServiceKind,
  UUID_PATTERN,
} from "./ids.ts";
import { hsdsOpenApi } from "./openapi.ts";
import { type ListQuery, parseList } from "./params.ts";
import {
  circleOrganizationMembers,
  getCircleService,
  getServiceAtLocation,
  getStationService,
  type ListFilters,
  listOrganizations,
  listServiceAtLocations,
  listServices,
  type MemberRow,
  type PairingRow,
  type ServiceRow,
  stationNetwork as stationNetworkKinds,
} from "./queries.ts";

type HsdsContext = Context<AppEnv>;

/** The origin published in links: the configured one, or the request's. */
const originOf = (c: HsdsContext) => c.get("services").config.publicBaseUrl ?? new URL(c.req.url).origin;

function apiInfo(c: HsdsContext) {
  return c.json({
    version: "3.0",
    // No profile: the base specification, at its canonical address.
    profile: "https://github.com/openreferral/specification/tree/3.0/schema",
    openapi_url: `${originOf(c)}/hsds/openapi.json`,
  });
}

/** Mobiles in the directory go to callers who may read its contacts (format.ts `NumberAudience`). */
const audienceOf = (c: HsdsContext): NumberAudience => (hasScope(c.get("principal"), "directory:read") ? "directory_readers" : "everyone");

const latest = (times: (Date | number)[]) => Math.max(...times.map((t) => new Date(t).getTime()));

const placeOf = (c: HsdsContext): Place => c.get("services").config.district;

/** Ids are matched in lower case; anything that is not a UUID names nothing. */
function idParam(c: HsdsContext, what: string): string {
  const id = c.req.param("id")!.toLowerCase();
  if (!UUID_PATTERN.test(id)) throw notFound(what, c.req.param("id")!);
  return id;
}

const notFound = (what: string, id: string) => new DomainError("not_found", `There is no ${what} ${id}.`);

/** A circle service's one-to-one fields from any row that carries its area and organization. */
function circleServiceOf(
  ids: { id: string; organizationId: string },
  row: { role: CircleRole; organization: string | null; areaName: string | null; areaLevel: AreaLevel | null; parentName: string | null },
  modified?: number | Date,
) {
  const area = areaLabel({ name: row.areaName, level: row.areaLevel, parentName: row.parentName });
  return circleService(ids, { role: row.role, area, organization: organizationName(row.organization, row.areaName) }, modified);
}

/** The service a list row names (a service, or the service half of a pairing), one-to-one fields. */
function serviceOfRow(row: ServiceRow | PairingRow, networkId: string, modified?: number) {
  if (row.source === "station") return stationService(row.kind as StationService, networkId, modified);
  const ids = { id: row.service_id!, organizationId: row.organization_id! };
  const entry = {
    role: row.kind as CircleRole,
    organization: row.organization,
    areaName: row.area_name,
    areaLevel: row.area_level,
    parentName: row.parent_name,
  };
  return circleServiceOf(ids, entry, modified);
}

const stationFieldsOf = (row: PairingRow) => ({
  code: row.code,
  locationId: row.location_id,
  name: row.station_name,
  nameEn: row.station_name_en,
  address: row.address,
  lat: row.lat,
  lng: row.lng,
});

async function filtersOf(q: ListQuery): Promise<ListFilters> {
  const networkId = await stationNetworkId();
  return {
    search: q.search,
    modifiedAfter: q.modified_after ? new Date(q.modified_after) : undefined,
    organization:
      q.organization_id === undefined
        ? undefined
        : q.organization_id === networkId
          ? { stations: true }
          : { stations: false, id: q.organization_id },
  };
}

async function services(c: HsdsContext) {
  const q = parseList(c, ["modified_after", "organization_id"]);
  const { rows, total } = await listServices(c.get("db"), await filtersOf(q), q.window);
  const networkId = await stationNetworkId();
  const contents = await Promise.all(rows.map((row) => serviceOfRow(row, networkId, row.modified)));
  return c.json(page(contents, total, q.page, q.per_page));
}

async function service(c: HsdsContext) {
  const id = idParam(c, "service");
  const kind = await stationServiceKind(id);
  return c.json(kind ? await stationServiceDetail(c, id, kind) : await circleServiceDetail(c, id));
}

async function circleServiceDetail(c: HsdsContext, id: string) {
  const { members, roles, locations } = await getCircleService(c.get("db"), id);
  const first = members[0];
  if (!first) throw notFound("service", id);
  const one = circleServiceOf({ id, organizationId: first.organizationId }, first, latest(members.map((m) => m.updatedAt)));
  return {
    ...one,
    organization: circleOrganization(first.organizationId, organizationName(first.organization, first.areaName), roles),
    contacts: await contacts(id, members, audienceOf(c)),
    service_areas: [
      {
        id: await childId(id, "service_area", "area"),
        service_id: id,
        name: areaLabel({ name: first.areaName, level: first.areaLevel, parentName: first.parentName }),
      },
    ],
    service_at_locations: locations.map((row) => ({
      ...serviceAtLocationHead(row.location_id, id, row.station_name, "circle"),
      location: location(stationFieldsOf(row)),
    })),
  };
}

async function stationServiceDetail(c: HsdsContext, id: string, kind: StationService) {
  const { stations, district } = await getStationService(c.get("db"), kind);
  if (stations.length === 0) throw notFound("service", id);
  const networkId = await stationNetworkId();
  return {
    ...(await stationService(kind, networkId, latest(stations.map((s) => s.updatedAt)))),
    organization: stationNetwork(networkId, stationNetworkName(district)),
    service_at_locations: stations.map((s) => ({
      ...serviceAtLocationHead(s.hsdsId!, id, s.name, "station"),
      location: location({ ...s, locationId: s.hsdsId! }),
    })),
  };
}

async function organizations(c: HsdsContext) {
  const q = parseList(c, []);
  const networkId = await stationNetworkId();
  const { rows, total } = await listOrganizations(c.get("db"), networkId, q.search, q.window);
  const contents = rows.map((row) =>
    row.source === "station"
      ? stationNetwork(row.id, row.name)
      : circleOrganization(row.id, row.name, row.kinds.split(",") as CircleRole[]),
  );
  return c.json(page(contents, total, q.page, q.per_page));
}

async function organization(c: HsdsContext) {
  const id = idParam(c, "organization");
  const networkId = await stationNetworkId();
  if (id === networkId) {
    const { kinds, district } = await stationNetworkKinds(c.get("db"));
    if (kinds.length === 0) throw notFound("organization", id);
    return c.json({
      ...stationNetwork(id, stationNetworkName(district)),
      services: await Promise.all(kinds.map((k) => stationService(k.kind, id, k.modified))),
    });
  }
  const members = await circleOrganizationMembers(c.get("db"), id);
  const first = members[0];
  if (!first) throw notFound("organization", id);
  const byService = new Map<string, MemberRow[]>();
  for (const m of members) byService.set(m.serviceId, [...(byService.get(m.serviceId) ?? []), m]);
  const name = organizationName(first.organization, first.areaName);
  return c.json({
    ...circleOrganization(id, name, [...new Set(members.map((m) => m.role))].sort()),
    services: [...byService].map(([serviceId, group]) =>
      circleServiceOf({ id: serviceId, organizationId: id }, group[0]!, latest(group.map((m) => m.updatedAt))),
    ),
  });
}

async function serviceAtLocations(c: HsdsContext) {
  const q = parseList(c, ["modified_after", "organization_id"]);
  const { rows, total } = await listServiceAtLocations(c.get("db"), await filtersOf(q), q.window);
  const networkId = await stationNetworkId();
  const contents = await Promise.all(
    rows.map(async (row) => {
      const one = await serviceOfRow(row, networkId);
      return {
        ...serviceAtLocationHead(row.location_id, one.id, row.station_name, row.source),
        location: location(stationFieldsOf(row)),
        service: one,
      };
    }),
  );
  return c.json(page(contents, total, q.page, q.per_page));
}

async function serviceAtLocation(c: HsdsContext) {
  const id = idParam(c, "service at location");
  const prefixes = splitServiceAtLocationId(id);
  if (!prefixes) throw notFound("service at location", id);
  const found = await getServiceAtLocation(c.get("db"), prefixes);
  if (!found.station) throw notFound("service at location", id);
  const networkId = await stationNetworkId();
  // The station's pairings hold its own services and the circle service the id names, if it is there.
  let row: PairingRow | undefined;
  for (const candidate of found.pairings) {
    const serviceId = candidate.source === "station" ? await stationServiceId(candidate.kind as StationService) : candidate.service_id!;
    if (hasPrefix(serviceId, prefixes.service)) row = candidate;
  }
  if (!row) throw notFound("service at location", id);
  const station = { ...found.station, locationId: found.station.hsdsId! };
  const one = await serviceOfRow(row, networkId);
  const head = serviceAtLocationHead(station.locationId, one.id, station.name, row.source);
  const organizationOf =
    row.source === "station"
      ? stationNetwork(networkId, stationNetworkName(found.district))
      : circleOrganization(row.organization_id!, organizationName(row.organization, row.area_name), found.roles);
  return c.json({
    ...head,
    // A station service is there while the station is open; a circle contact is reached by phone.
    ...(row.source === "station"
      ? { schedules: await schedules(station.openingHours, { service_at_location_id: head.id }) }
      : { phones: await phones(head.id, found.members, audienceOf(c)) }),
    location: await fullLocation(station, placeOf(c)),
    service: { ...one, organization: organizationOf },
  });
}

// The document carries the standard's schemas (about 150 KB) and changes only with the origin it
// names (and with a deploy): serialised once per origin an isolate answers on, not per request.
const documents = new IsolateCache<string>(24 * 3600 * 1000, 8);

function hsdsDocument(origin: string): string {
  let text = documents.get(origin);
  if (text === undefined) {
    text = JSON.stringify(hsdsOpenApi(origin));
    documents.set(origin, text);
  }
  return text;
}

/**
 * Open Referral HSDS 3.0 at /hsds: the directory's stations as locations, the services of their
 * livelihood circles and their own convenience services, the organizations behind them, and
 * which services are at which station. Read-only and public, like the circle on the posters,
 * but for personal mobiles, which only callers with `directory:read` get.
 */
export function hsdsSurface() {
  const app = new Hono<AppEnv>();
  app.use("/hsds", identify);
  app.use("/hsds/*", identify);
  app.get("/hsds", apiInfo);
  app.get("/hsds/", apiInfo);
  app.get("/hsds/openapi.json", (c) => c.body(hsdsDocument(originOf(c)), 200, { "content-type": "application/json" }));
  app.get("/hsds/services", services);
  app.get("/hsds/services/:id", service);
  app.get("/hsds/organizations", organizations);
  app.get("/hsds/organizations/:id", organization);
  app.get("/hsds/service_at_locations", serviceAtLocations);
  app.get("/hsds/service_at_locations/:id", serviceAtLocation);
  const allowed = allowedMethods(app);
  app.all("/hsds/*", (c) => errorResponse(c, unanswered(allowed(c.req.path), c.req.method, "/hsds/openapi.json")));
  app.onError(handleError);
  return app;
}
