import { type CircleRole, STATION_SERVICES, type StationService } from "../../schema/constants.ts";

// HSDS wants a UUID for every entry. GridStation's entries have natural keys instead (a station's
// printed code; a circle entry's area, role and organization), so each id is the name-based UUID
// (RFC 9562 version 5, SHA-1) of its key: the same entry gets the same id on every deploy and after
// every re-seed, whatever the rows' own numbering.

/** GridStation's namespace for these names. Changing it changes every published id. */
const NAMESPACE = "5bdabe49-fcd5-48e2-8e94-3cbb2c4dcb80";

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const hexOf = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const dashed = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
const namespaceBytes = Uint8Array.from(NAMESPACE.replace(/-/g, "").match(/../g)!, (pair) => parseInt(pair, 16));

async function nameBasedUuid(name: string): Promise<string> {
  const text = new TextEncoder().encode(name);
  const input = new Uint8Array(namespaceBytes.length + text.length);
  input.set(namespaceBytes);
  input.set(text, namespaceBytes.length);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  return dashed(hexOf(hash));
}

export const locationId = (stationCode: string) => nameBasedUuid(`station/${stationCode}`);

export interface CircleEntryKey {
  areaId: string;
  role: CircleRole;
  organization?: string | null | undefined;
}

/** A contact without an organization is taken to work for the area it is attached to. */
function organizationKey(entry: Pick<CircleEntryKey, "areaId" | "organization">) {
  const name = entry.organization?.trim();
  return name ? `organization/name/${name}` : `organization/area/${entry.areaId}`;
}

/**
 * The ids a contact row carries: its service is "this role for this area, by this organization",
 * so a new person in the post (another name, another number) keeps the service's id.
 */
export async function circleEntryIds(entry: CircleEntryKey) {
  const organization = organizationKey(entry);
  return {
    hsdsServiceId: await nameBasedUuid(`service/circle/${entry.areaId}/${entry.role}/${organization}`),
    hsdsOrganizationId: await nameBasedUuid(organization),
  };
}

export const stationServiceId = (kind: StationService) => nameBasedUuid(`service/station/${kind}`);

/** The micro-stations together are the organization behind their convenience services. */
export const stationNetworkId = () => nameBasedUuid("organization/stations");

/** Parts of an entry that have no key of their own are named under their parent's id. */
export const childId = (parentId: string, kind: string, key: string) => nameBasedUuid(`${parentId}/${kind}/${key}`);

// A service at a location is a pairing computed from the circle, with no row to store an id in, so
// its id is made of its two halves: the first 16 hex digits of the location's id and of the
// service's id, less their version digit (60 bits a side), in a version 8 ("custom") UUID. Either
// half is then a prefix lookup on an indexed column; 60 bits leave collisions out of reach for a
// directory of thousands.

const compact = (uuid: string) => uuid.replace(/-/g, "");

export function serviceAtLocationId(locationUuid: string, serviceUuid: string): string {
  const location = compact(locationUuid);
  const service = compact(serviceUuid);
  return dashed(`${location.slice(0, 12)}8${location.slice(13, 16)}8${service.slice(0, 12)}${service.slice(13, 16)}`);
}

/** The first 18 characters (`xxxxxxxx-xxxx-5xxx`) of a location's and a service's id. */
export interface IdPrefixes {
  location: string;
  service: string;
}

export function splitServiceAtLocationId(id: string): IdPrefixes | null {
  if (!UUID_PATTERN.test(id)) return null;
  const hex = compact(id);
  if (hex[12] !== "8" || hex[16] !== "8") return null;
  // 12 + 3 hex digits of each id, with the version nibble (5) put back between them.
  const prefix = (first12: string, next3: string) => `${first12.slice(0, 8)}-${first12.slice(8)}-5${next3}`;
  return { location: prefix(hex.slice(0, 12), hex.slice(13, 16)), service: prefix(hex.slice(17, 29), hex.slice(29, 32)) };
}

export const hasPrefix = (uuid: string, prefix: string) => uuid.startsWith(`${prefix}-`);

let stationServiceIds: Promise<Map<string, StationService>> | undefined;

/** The kind of station service an id names, if it names one (ten ids, computed once per isolate). */
export async function stationServiceKind(id: string): Promise<StationService | undefined> {
  stationServiceIds ??= Promise.all(STATION_SERVICES.map(async (kind) => [await stationServiceId(kind), kind] as const)).then(
    (pairs) => new Map(pairs),
  );
  return (await stationServiceIds).get(id);
}
