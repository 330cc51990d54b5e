import { type AreaLevel, type CircleRole, MAINLAND_MOBILE_PATTERN, type StationService } from "../../schema/constants.ts";
import { ROLE_WORDS, STATION_SERVICE_WORDS, STATION_WORDS } from "../../schema/directory-words.ts";
import type { OpeningHours } from "../../schema/opening-hours.ts";
import { childId, serviceAtLocationId, stationServiceId } from "./ids.ts";

// GridStation's directory as HSDS 3.0 objects. Texts are the data as stored, Chinese first; what
// HSDS makes optional and GridStation does not know is left out (HSDS fields are never null).

const iso = (time: Date | number) => new Date(time).toISOString();

/** Where the stations are: HSDS addresses want city and province, which the directory does not store. */
export interface Place {
  city: string;
  province: string;
}

/** A micro-grid's name ("3号楼") means something only with its grid's. */
export function areaLabel(area: { name: string | null; level: AreaLevel | null; parentName: string | null }) {
  return area.level === "micro_grid" && area.parentName ? `${area.parentName}${area.name}` : (area.name ?? "");
}

/** A contact without an organization works for the area it is attached to (see ids.ts). */
export const organizationName = (organization: string | null, areaName: string | null) => organization?.trim() || (areaName ?? "");

export function circleOrganization(id: string, name: string, roles: readonly CircleRole[]) {
  return { id, name, description: `十分钟民生圈：${roles.map((role) => ROLE_WORDS[role].zh).join("、")}` };
}

/** The micro-stations together, named after their district, run the convenience services. */
export const stationNetworkName = (district: string) => `${district}${STATION_WORDS.zh}`;

export function stationNetwork(id: string, name: string) {
  return { id, name, description: `${STATION_WORDS.zh}在居民家门口提供的便民服务` };
}

/** The one-to-one fields of a circle service: this role, for this area, by this organization. */
export function circleService(
  ids: { id: string; organizationId: string },
  entry: { role: CircleRole; area: string; organization: string },
  modified?: number | Date,
) {
  const role = ROLE_WORDS[entry.role];
  return {
    id: ids.id,
    organization_id: ids.organizationId,
    name: `${role.zh}（${entry.area}）`,
    alternate_name: role.en,
    description: `${entry.area}的${role.zh}，由${entry.organization}提供`,
    status: "active" as const,
    ...(modified === undefined ? {} : { last_modified: iso(modified) }),
  };
}

export async function stationService(kind: StationService, organizationId: string, modified?: number | Date) {
  const words = STATION_SERVICE_WORDS[kind];
  return {
    id: await stationServiceId(kind),
    organization_id: organizationId,
    name: words.zh,
    alternate_name: words.en,
    description: `${STATION_WORDS.zh}的便民服务：${words.zh}`,
    status: "active" as const,
    ...(modified === undefined ? {} : { last_modified: iso(modified) }),
  };
}

export interface StationFields {
  code: string;
  locationId: string;
  name: string;
  nameEn: string | null;
  address: string;
  lat: number | null;
  lng: number | null;
}

/** A station's one-to-one location fields; its printed code is the external identifier. */
export function location(s: StationFields) {
  return {
    id: s.locationId,
    location_type: "physical" as const,
    name: s.name,
    ...(s.nameEn ? { alternate_name: s.nameEn } : {}),
    ...(s.lat === null ? {} : { latitude: s.lat }),
    ...(s.lng === null ? {} : { longitude: s.lng }),
    external_identifier: s.code,
    external_identifier_type: "gridstation_station_code",
  };
}

const ICAL_DAYS = ["", "MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/**
 * Opening hours as weekly iCal-style schedules. Stations keep local Asia/Shanghai times, which is
 * UTC+8 all year: HSDS asks for the offset on the times and as `timezone`.
 */
export async function schedules(hours: OpeningHours, owner: { location_id: string } | { service_at_location_id: string }) {
  const ownerId = "location_id" in owner ? owner.location_id : owner.service_at_location_id;
  return Promise.all(
    hours.map(async (h) => {
      const byday = h.days.map((d) => ICAL_DAYS[d]).join(",");
      return {
        id: await childId(ownerId, "schedule", `${byday}/${h.opens}-${h.closes}`),
        ...owner,
        freq: "WEEKLY" as const,
        wkst: "MO" as const,
        byday,
        opens_at: `${h.opens}+08:00`,
        closes_at: `${h.closes}+08:00`,
        timezone: 8,
      };
    }),
  );
}

/** A location with its address and opening hours. */
export async function fullLocation(s: StationFields & { openingHours: OpeningHours }, place: Place) {
  return {
    ...location(s),
    addresses: [
      {
        id: await childId(s.locationId, "address", "physical"),
        location_id: s.locationId,
        address_1: s.address,
        city: place.city,
        state_province: place.province,
        // Stations keep no postcode; HSDS requires the field.
        postal_code: "",
        country: "CN",
        address_type: "physical" as const,
      },
    ],
    schedules: await schedules(s.openingHours, { location_id: s.locationId }),
  };
}

/** RFC 6350 phone types: mainland mobiles are `cell`, the rest (landlines, hotlines) `voice`. */
const phoneType = (number: string) => (MAINLAND_MOBILE_PATTERN.test(number) ? "cell" : "voice");

export interface Member {
  name: string;
  phone: string;
  role: CircleRole;
}

/**
 * Whether a number goes to this caller. Service numbers and landlines are for everyone; a mobile
 * is a person's, and goes in bulk only to callers with `directory:read` (a station's own page and
 * poster show its circle's mobiles to the residents it serves).
 */
export type NumberAudience = "everyone" | "directory_readers";
const published = (number: string, audience: NumberAudience) => audience === "directory_readers" || phoneType(number) === "voice";

/** The people behind a circle service, each with their number where the caller may have it. */
export function contacts(serviceId: string, people: Member[], audience: NumberAudience) {
  return Promise.all(
    people.map(async (person) => {
      const id = await childId(serviceId, "contact", `${person.name}/${person.phone}`);
      return {
        id,
        service_id: serviceId,
        name: person.name,
        title: ROLE_WORDS[person.role].zh,
        phones: published(person.phone, audience)
          ? [{ id: await childId(id, "phone", person.phone), contact_id: id, number: person.phone, type: phoneType(person.phone) }]
          : [],
      };
    }),
  );
}

/** A service at a location's numbers that the caller may have: whom each reaches is in its description. */
export function phones(serviceAtLocation: string, people: Member[], audience: NumberAudience) {
  return Promise.all(
    people
      .filter((person) => published(person.phone, audience))
      .map(async (person) => ({
        id: await childId(serviceAtLocation, "phone", person.phone),
        service_at_location_id: serviceAtLocation,
        number: person.phone,
        type: phoneType(person.phone),
        description: `${person.name}（${ROLE_WORDS[person.role].zh}）`,
      })),
  );
}

/** A pairing's ids and description; the service half of the id depends on the service's kind. */
export function serviceAtLocationHead(locationId: string, serviceId: string, stationName: string, source: "circle" | "station") {
  return {
    id: serviceAtLocationId(locationId, serviceId),
    service_id: serviceId,
    location_id: locationId,
    description: source === "circle" ? `${stationName}的十分钟民生圈` : `${stationName}的便民服务`,
  };
}

/** HSDS's `Page`: 1-based page numbers; `size` counts the entries on this page. */
export function page<T>(contents: T[], total: number, pageNumber: number, perPage: number) {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}
