import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { StationService } from "../schema/constants.ts";
import { contact } from "../schema/contact.ts";
import { STATION_SERVICE_WORDS } from "../schema/directory-words.ts";
import { station } from "../schema/station.ts";
import { resolveCircle } from "../worker/circle.ts";
import { fillMissingHsdsIds } from "../worker/hsds/backfill.ts";
import { circleEntryIds, locationId, serviceAtLocationId, stationNetworkId, stationServiceId } from "../worker/hsds/ids.ts";
import * as schemas from "./.generated/validators.js";
import { expectError } from "./helpers/expect-error.ts";
import { demoDirectory, seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json, keyHeaders, sendJson } from "./helpers/worker.ts";

type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };

function valid(validate: Validator, data: unknown) {
  expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
}

async function get(path: string, validate?: Validator, headers: Record<string, string> = {}) {
  const res = await call(path, { headers });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  const body = await json(res);
  if (validate) valid(validate, body);
  return body;
}

const UUID = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const SEEDED = "2026-01-01T00:00:00.000Z";

let writer: Record<string, string>;
let reader: Record<string, string>;
/** What the demo directory should publish, worked out from the generated rows rather than the view. */
const expected = { circleServices: new Set<string>(), stationKinds: new Set<StationService>() };

beforeAll(async () => {
  await seedDemo();
  writer = await keyHeaders("directory:write");
  reader = await keyHeaders("directory:read");
  for (const c of demoDirectory().contacts) expected.circleServices.add((await circleEntryIds(c)).hsdsServiceId);
  for (const s of demoDirectory().stations) for (const kind of s.services) expected.stationKinds.add(kind);
});

/** Every entry of a list, through as many pages of 100 as it takes. */
async function everything(path: string, validate: Validator) {
  const all = [];
  for (let page = 1; ; page++) {
    const body = await get(`${path}${path.includes("?") ? "&" : "?"}per_page=100&page=${page}`, validate);
    all.push(...body.contents);
    if (body.last_page) return all;
  }
}

/** JH0501V's grid chief, from the article: the service, its organization and its pairing with JH0501V. */
async function gridChiefOfJH0501() {
  const ids = await circleEntryIds({ areaId: "jh0501", role: "grid_chief", organization: "同心园社区居委会" });
  const location = await locationId("JH0501V");
  return {
    service: ids.hsdsServiceId,
    organization: ids.hsdsOrganizationId,
    location,
    serviceAtLocation: serviceAtLocationId(location, ids.hsdsServiceId),
  };
}

const seededContact = (areaId: string, role: string) => demoDirectory().contacts.find((c) => c.areaId === areaId && c.role === role)!;
const seededStation = (code: string) => demoDirectory().stations.find((s) => s.code === code)!;

describe("GET /hsds/", () => {
  it("says which HSDS this is and where its OpenAPI document is", async () => {
    const body = await get("/hsds/", schemas.hsds_api_info);
    expect(body).toEqual({
      version: "3.0",
      profile: "https://github.com/openreferral/specification/tree/3.0/schema",
      openapi_url: "http://gridstation.test/hsds/openapi.json",
    });
    expect(await get("/hsds")).toEqual(body);
    expect(schemas.hsds_api_info({ ...body, profile: "not a url" })).toBe(false); // the validator can say no
  });

  it("describes what it serves in its own OpenAPI document", async () => {
    const document = await get("/hsds/openapi.json");
    expect(document).toMatchObject({ openapi: "3.1.0", servers: [{ url: "http://gridstation.test/hsds" }] });
    expect(Object.keys(document.paths)).toEqual([
      "/",
      "/services",
      "/services/{id}",
      "/organizations",
      "/organizations/{id}",
      "/service_at_locations",
      "/service_at_locations/{id}",
    ]);
    // Every parameter it names is one the lists take.
    const values = {
      search: "网格",
      page: "1",
      per_page: "5",
      modified_after: "2026-01-01T00:00:00Z",
      organization_id: await stationNetworkId(),
    };
    expect(Object.keys(document.components.parameters)).toEqual(Object.keys(values));
    await get(`/hsds/services?${new URLSearchParams(values)}`, schemas.hsds_services_page);
    expect(document.paths["/service_at_locations/{id}"].get.responses[200].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/service_at_location",
    });
  });

  it("is self-contained: every $ref is inside the document and resolves, the standard's schemas carried as components", async () => {
    const document = await get("/hsds/openapi.json");
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) key === "$ref" ? refs.push(value as string) : walk(value);
      }
    };
    walk(document);
    expect(refs.length).toBeGreaterThan(50);
    const resolve = (ref: string) =>
      ref
        .slice(2)
        .split("/")
        .reduce<Record<string, unknown> | undefined>((at, key) => at?.[key] as Record<string, unknown> | undefined, document);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\/components\/(schemas|parameters)\//);
      expect(resolve(ref), ref).toBeDefined();
    }
    const components = document.components.schemas;
    expect(components.service).toMatchObject({ name: "service", type: "object", required: ["id", "name", "status"] });
    expect(Object.keys(components.service.properties)).toEqual(
      expect.arrayContaining(["organization", "contacts", "service_at_locations"]),
    );
    expect(components.service_at_location.properties.location).toEqual({
      $ref: expect.stringMatching(/^#\/components\/schemas\/location/),
    });
    // Lists refer to the list schemas, single entries to the full ones.
    const services = document.paths["/services"].get.responses[200].content["application/json"].schema;
    expect(services.properties.contents.items).toEqual({ $ref: "#/components/schemas/service_list" });
    // Small enough to serve: the compiled files are 8 MB, shared they are about 120 KB.
    expect(JSON.stringify(document).length).toBeLessThan(200_000);
  });
});

describe("GET /hsds/services", () => {
  it("lists every circle service and station service in HSDS's Page, valid against the schema", async () => {
    const first = await get("/hsds/services", schemas.hsds_services_page);
    const total = expected.circleServices.size + expected.stationKinds.size;
    expect(first).toMatchObject({
      total_items: total,
      total_pages: Math.ceil(total / 50),
      page_number: 1,
      size: 50,
      first_page: true,
      last_page: false,
      empty: false,
    });
    const all = await everything("/hsds/services", schemas.hsds_services_page);
    for (const item of all) valid(schemas.hsds_service_list, item);
    expect(schemas.hsds_service_list({ ...all[0], status: "open" })).toBe(false);
    expect(new Set(all.map((s) => s.id))).toEqual(
      new Set([...expected.circleServices, ...(await Promise.all([...expected.stationKinds].map(stationServiceId)))]),
    );
    // Station services first, then the circle from the district down.
    const networkId = await stationNetworkId();
    expect(all.slice(0, expected.stationKinds.size).every((s) => s.organization_id === networkId)).toBe(true);
    expect(all[expected.stationKinds.size].name).toMatch(/（杏花岭区）$/);
    expect(all.find((s) => s.name === "茶水")).toEqual({
      id: await stationServiceId("tea_water"),
      organization_id: networkId,
      name: "茶水",
      alternate_name: "Tea and water",
      description: "网格党群服务微站的便民服务：茶水",
      status: "active",
      last_modified: SEEDED,
    });
  });

  it("pages: a middle page, the last page, and an empty page past the end", async () => {
    const all = await everything("/hsds/services", schemas.hsds_services_page);
    const pages = Math.ceil(all.length / 7);
    expect(await get("/hsds/services?per_page=7&page=2", schemas.hsds_services_page)).toEqual({
      total_items: all.length,
      total_pages: pages,
      page_number: 2,
      size: 7,
      first_page: false,
      last_page: false,
      empty: false,
      contents: all.slice(7, 14),
    });
    const rest = all.length - (pages - 1) * 7;
    expect(await get(`/hsds/services?per_page=7&page=${pages}`, schemas.hsds_services_page)).toEqual({
      total_items: all.length,
      total_pages: pages,
      page_number: pages,
      size: rest,
      first_page: false,
      last_page: true,
      empty: false,
      contents: all.slice(-rest),
    });
    expect(await get(`/hsds/services?per_page=7&page=${pages + 1}`, schemas.hsds_services_page)).toEqual({
      total_items: all.length,
      total_pages: pages,
      page_number: pages + 1,
      size: 0,
      first_page: false,
      last_page: true,
      empty: true,
      contents: [],
    });
  });

  it("searches names as stored and the words of roles and station services", async () => {
    const police = await get("/hsds/services?search=民警", schemas.hsds_services_page);
    const communities = demoDirectory().areas.filter((a) => a.level === "community");
    expect(police.total_items).toBe(communities.length);
    expect(police.contents.map((s: { name: string }) => s.name).sort()).toEqual(communities.map((c) => `社区民警（${c.name}）`).sort());
    const byOrganization = await get("/hsds/services?search=供电公司");
    expect(byOrganization.contents.map((s: { name: string; description: string }) => [s.name, s.description])).toEqual([
      ["供电（杏花岭区）", "杏花岭区的供电，由国网太原供电公司提供"],
    ]);
    const english = await get("/hsds/services?search=TEA");
    expect(english.contents.map((s: { name: string }) => s.name)).toEqual(["茶水"]);
    expect(
      (
        await get(
          `/hsds/services?search=${encodeURIComponent("山西省太原市杏花岭区涧河街道同心园社区和平北路一百二十三号院三号楼二单元五零一室门口东侧的路灯已经坏了好久都没有人来修理")}`,
        )
      ).total_items,
    ).toBe(0);
    const longName = await get(`/hsds/service_at_locations?search=${encodeURIComponent("同心园社区第1网格党群服务微站")}`);
    expect(longName.total_items).toBeGreaterThan(0);
    const literal = await get("/hsds/services?search=%25");
    expect(literal.total_items).toBe(0); // `%` is searched for, not a wildcard
    expect(await get("/hsds/services?search=没有这样的服务")).toEqual({
      total_items: 0,
      total_pages: 0,
      page_number: 1,
      size: 0,
      first_page: true,
      last_page: true,
      empty: true,
      contents: [],
    });
  });

  it("filters by organization", async () => {
    const { organization } = await gridChiefOfJH0501();
    const team = await get(`/hsds/services?organization_id=${organization}`, schemas.hsds_services_page);
    expect(team.contents.map((s: { name: string }) => s.name).sort()).toEqual(
      ["网格长", "专职网格员"].flatMap((role) => [1, 2, 3].map((g) => `${role}（同心园社区第${g}网格）`)).sort(),
    );
    const stations = await get(`/hsds/services?organization_id=${await stationNetworkId()}`);
    expect(stations.total_items).toBe(expected.stationKinds.size);
  });

  it("gets a circle service with its people, its area and the stations whose circle shows it", async () => {
    const ids = await gridChiefOfJH0501();
    const phone = seededContact("jh0501", "grid_chief").phone;
    const body = await get(`/hsds/services/${ids.service}`, schemas.hsds_service, reader);
    const w = seededStation("JH0501W");
    const v = seededStation("JH0501V");
    expect(body).toEqual({
      id: ids.service,
      organization_id: ids.organization,
      name: "网格长（同心园社区第1网格）",
      alternate_name: "Grid chief",
      description: "同心园社区第1网格的网格长，由同心园社区居委会提供",
      status: "active",
      last_modified: SEEDED,
      organization: { id: ids.organization, name: "同心园社区居委会", description: "十分钟民生圈：网格长、专职网格员" },
      contacts: [
        {
          id: UUID,
          service_id: ids.service,
          name: "黄瑞",
          title: "网格长",
          phones: [{ id: UUID, contact_id: body.contacts[0].id, number: phone, type: "cell" }],
        },
      ],
      service_areas: [{ id: UUID, service_id: ids.service, name: "同心园社区第1网格" }],
      service_at_locations: [
        {
          id: ids.serviceAtLocation,
          service_id: ids.service,
          location_id: ids.location,
          description: "同心园社区第1网格党群服务微站的十分钟民生圈",
          location: {
            id: ids.location,
            location_type: "physical",
            name: v.name,
            latitude: v.lat,
            longitude: v.lng,
            external_identifier: "JH0501V",
            external_identifier_type: "gridstation_station_code",
          },
        },
        {
          id: serviceAtLocationId(await locationId("JH0501W"), ids.service),
          service_id: ids.service,
          location_id: await locationId("JH0501W"),
          description: "同心园社区第1网格党群服务微站（二）的十分钟民生圈",
          location: {
            id: await locationId("JH0501W"),
            location_type: "physical",
            name: w.name,
            latitude: w.lat,
            longitude: w.lng,
            external_identifier: "JH0501W",
            external_identifier_type: "gridstation_station_code",
          },
        },
      ],
    });
  });

  it("gets a station service with every station that offers it", async () => {
    const id = await stationServiceId("tea_water");
    const body = await get(`/hsds/services/${id}`, schemas.hsds_service);
    const offering = demoDirectory()
      .stations.filter((s) => s.services.includes("tea_water"))
      .map((s) => s.code)
      .sort();
    expect(body).toMatchObject({
      id,
      name: "茶水",
      status: "active",
      last_modified: SEEDED,
      organization: { id: await stationNetworkId(), name: "杏花岭区网格党群服务微站" },
    });
    expect(body.service_at_locations.map((sal: { location: { external_identifier: string } }) => sal.location.external_identifier)).toEqual(
      offering,
    );
    expect(body.service_at_locations[0].id).toBe(serviceAtLocationId(await locationId(offering[0]!), id));
  });

  it("finds every listed service by its id", async () => {
    for (const listed of await everything("/hsds/services", schemas.hsds_services_page)) {
      const one = await get(`/hsds/services/${listed.id}`, schemas.hsds_service);
      expect(one).toMatchObject(listed);
    }
  });

  it("answers 404 for unknown and malformed ids, in the API's envelope", async () => {
    const unknown = await expectError(await call("/hsds/services/6f1c7d1e-0000-5000-8000-000000000000"), 404, "not_found");
    expect(unknown).toEqual({ code: "not_found", message: "There is no service 6f1c7d1e-0000-5000-8000-000000000000." });
    await expectError(await call("/hsds/services/JH0501V"), 404, "not_found");
    await expectError(await call(`/hsds/services/${(await gridChiefOfJH0501()).serviceAtLocation}`), 404, "not_found");
    // Ids are UUIDs: their case does not matter.
    await get(`/hsds/services/${(await gridChiefOfJH0501()).service.toUpperCase()}`, schemas.hsds_service);
  });
});

describe("GET /hsds/organizations", () => {
  it("lists the micro-stations and the organizations of the circle, valid against the schema", async () => {
    const all = await everything("/hsds/organizations", schemas.hsds_organizations_page);
    for (const item of all) valid(schemas.hsds_organization_list, item);
    const named = new Set(demoDirectory().contacts.map((c) => c.organization));
    expect(all.map((o) => o.name).sort()).toEqual(["杏花岭区网格党群服务微站", ...named].sort());
    expect(all[0]).toEqual({
      id: await stationNetworkId(),
      name: "杏花岭区网格党群服务微站",
      description: "网格党群服务微站在居民家门口提供的便民服务",
    });
    expect(all.find((o) => o.name === "杏花岭区法律援助中心")).toEqual({
      id: (await circleEntryIds({ areaId: "jh01", role: "legal_consultant", organization: "杏花岭区法律援助中心" })).hsdsOrganizationId,
      name: "杏花岭区法律援助中心",
      description: "十分钟民生圈：法律顾问",
    });
    const found = await get("/hsds/organizations?search=派出所&per_page=1", schemas.hsds_organizations_page);
    expect(found).toMatchObject({ total_items: 1, size: 1, contents: [{ name: "涧河派出所" }] });
  });

  it("gets an organization with its services", async () => {
    const { hsdsOrganizationId: id } = await circleEntryIds({ areaId: "jh01", role: "community_police", organization: "涧河派出所" });
    const body = await get(`/hsds/organizations/${id}`, schemas.hsds_organization);
    expect(body).toMatchObject({ id, name: "涧河派出所", description: "十分钟民生圈：社区民警" });
    expect(body.services).toHaveLength(demoDirectory().areas.filter((a) => a.level === "community").length);
    for (const service of body.services) {
      expect(service).toEqual({
        id: UUID,
        organization_id: id,
        name: expect.stringMatching(/^社区民警（.+社区）$/),
        alternate_name: "Community police",
        description: expect.stringMatching(/由涧河派出所提供$/),
        status: "active",
        last_modified: SEEDED,
      });
    }
    const network = await get(`/hsds/organizations/${await stationNetworkId()}`, schemas.hsds_organization);
    expect(network.services.map((s: { name: string }) => s.name).sort()).toEqual(
      [...expected.stationKinds].map((kind) => STATION_SERVICE_WORDS[kind].zh).sort(),
    );
  });

  it("finds every listed organization by its id, and no other", async () => {
    for (const listed of await everything("/hsds/organizations", schemas.hsds_organizations_page)) {
      const one = await get(`/hsds/organizations/${listed.id}`, schemas.hsds_organization);
      expect(one).toMatchObject(listed);
    }
    await expectError(await call(`/hsds/organizations/${(await gridChiefOfJH0501()).service}`), 404, "not_found");
    await expectError(await call("/hsds/organizations/x"), 404, "not_found");
  });
});

describe("GET /hsds/service_at_locations", () => {
  it("lists every station's services, valid against the schema", async () => {
    const all = await everything("/hsds/service_at_locations", schemas.hsds_service_at_locations_page);
    for (const item of all) valid(schemas.hsds_service_at_location_list, item);
    expect(schemas.hsds_service_at_location_list({ ...all[0], location: { ...all[0].location, location_type: "door" } })).toBe(false);
    const networkId = await stationNetworkId();
    const own = all.filter((sal) => sal.service.organization_id === networkId);
    expect(own).toHaveLength(demoDirectory().stations.reduce((n, s) => n + s.services.length, 0));
    expect(own.every((sal) => sal.description.endsWith("的便民服务"))).toBe(true);
    expect(new Set(all.map((sal) => sal.id)).size).toBe(all.length);
    expect(all.map((sal) => sal.location.external_identifier)).toEqual(all.map((sal) => sal.location.external_identifier).sort());
  });

  it("shows at each station exactly the circle its page shows", async () => {
    const all = await everything("/hsds/service_at_locations", schemas.hsds_service_at_locations_page);
    for (const s of demoDirectory().stations) {
      const circle = (await resolveCircle(db(), s.code))!;
      const services = new Set(
        await Promise.all(
          circle.map(async (c) => (await circleEntryIds({ areaId: c.area_id, role: c.role, organization: c.organization })).hsdsServiceId),
        ),
      );
      const here = all.filter((sal) => sal.location.external_identifier === s.code && sal.description.endsWith("十分钟民生圈"));
      expect(new Set(here.map((sal) => sal.service_id)), s.code).toEqual(services);
      expect(here.length, s.code).toBe(services.size);
    }
  });

  it("gives personal mobiles only to callers with directory:read; service numbers to everyone", async () => {
    const chief = await gridChiefOfJH0501();
    const service = await get(`/hsds/services/${chief.service}`, schemas.hsds_service);
    expect(service.contacts).toEqual([{ id: UUID, service_id: chief.service, name: "黄瑞", title: "网格长", phones: [] }]);
    const pairing = await get(`/hsds/service_at_locations/${chief.serviceAtLocation}`, schemas.hsds_service_at_location);
    expect(pairing.phones).toEqual([]);
    const staffHeaders = (await signIn("grid_worker", { area: "jh0501" })).headers;
    const asStaff = await get(`/hsds/service_at_locations/${chief.serviceAtLocation}`, schemas.hsds_service_at_location, staffHeaders);
    expect(asStaff.phones.map((p: { number: string }) => p.number)).toEqual([seededContact("jh0501", "grid_chief").phone]);
    await expectError(
      await call(`/hsds/services/${chief.service}`, { headers: { authorization: "Bearer gs_wrong" } }),
      401,
      "unauthorized",
    );
    // A utility's hotline is for everyone.
    const power = await circleEntryIds({ areaId: "xhl", role: "power", organization: "国网太原供电公司" });
    const hotline = await get(`/hsds/services/${power.hsdsServiceId}`, schemas.hsds_service);
    expect(hotline.contacts[0].phones).toEqual([{ id: UUID, contact_id: hotline.contacts[0].id, number: "95598", type: "voice" }]);
    // The station page still shows its own circle's mobiles to the residents it serves.
    expect(await (await call("/s/JH0501V")).text()).toContain(seededContact("jh0501", "grid_chief").phone);
  });

  it("gets a circle service at a station with its phones, the full location and the service", async () => {
    const ids = await gridChiefOfJH0501();
    const station = seededStation("JH0501V");
    const body = await get(`/hsds/service_at_locations/${ids.serviceAtLocation}`, schemas.hsds_service_at_location, reader);
    expect(schemas.hsds_service_at_location({ ...body, id: "JH0501V" })).toBe(false);
    expect(body).toEqual({
      id: ids.serviceAtLocation,
      service_id: ids.service,
      location_id: ids.location,
      description: "同心园社区第1网格党群服务微站的十分钟民生圈",
      phones: [
        {
          id: UUID,
          service_at_location_id: ids.serviceAtLocation,
          number: seededContact("jh0501", "grid_chief").phone,
          type: "cell",
          description: "黄瑞（网格长）",
        },
      ],
      location: {
        id: ids.location,
        location_type: "physical",
        name: "同心园社区第1网格党群服务微站",
        latitude: station.lat,
        longitude: station.lng,
        external_identifier: "JH0501V",
        external_identifier_type: "gridstation_station_code",
        addresses: [
          {
            id: UUID,
            location_id: ids.location,
            address_1: station.address,
            city: "太原市",
            state_province: "山西省",
            postal_code: "",
            country: "CN",
            address_type: "physical",
          },
        ],
        schedules: station.openingHours.map((h) => ({
          id: UUID,
          location_id: ids.location,
          freq: "WEEKLY",
          wkst: "MO",
          byday: h.days.map((d) => ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][d - 1]).join(","),
          opens_at: `${h.opens}+08:00`,
          closes_at: `${h.closes}+08:00`,
          timezone: 8,
        })),
      },
      service: {
        id: ids.service,
        organization_id: ids.organization,
        name: "网格长（同心园社区第1网格）",
        alternate_name: "Grid chief",
        description: "同心园社区第1网格的网格长，由同心园社区居委会提供",
        status: "active",
        organization: { id: ids.organization, name: "同心园社区居委会", description: "十分钟民生圈：网格长、专职网格员" },
      },
    });
  });

  it("gets a station's own service with the station's opening hours", async () => {
    const id = serviceAtLocationId(await locationId("JH0501V"), await stationServiceId("social_security_agency"));
    const body = await get(`/hsds/service_at_locations/${id}`, schemas.hsds_service_at_location);
    expect(body).toMatchObject({
      id,
      description: "同心园社区第1网格党群服务微站的便民服务",
      service: { name: "社保代缴", organization: { name: "杏花岭区网格党群服务微站" } },
    });
    expect(body.phones).toBeUndefined();
    // Available while the station is open.
    expect(body.schedules).toEqual(
      body.location.schedules.map(({ id: _, location_id: __, ...hours }: Record<string, unknown>) => ({
        ...hours,
        id: UUID,
        service_at_location_id: id,
      })),
    );
  });

  it("finds every listed service at a location by its id", async () => {
    for (const listed of await everything("/hsds/service_at_locations", schemas.hsds_service_at_locations_page)) {
      const one = await get(`/hsds/service_at_locations/${listed.id}`, schemas.hsds_service_at_location);
      expect(one).toMatchObject({ ...listed, location: { ...listed.location }, service: { ...listed.service } });
    }
    // One request per pairing (dozens): on a loaded 2-core machine this outlasts the default 5 s.
  }, 30_000);

  it("answers 404 for pairings that do not exist and ids that are not pairings", async () => {
    const jh0501v = await locationId("JH0501V");
    // Another community's police are not in JH0501V's circle; JH0501V has no umbrellas to lend.
    const elsewhere = (await circleEntryIds({ areaId: "jh01", role: "community_police", organization: "涧河派出所" })).hsdsServiceId;
    expect(seededStation("JH0501V").services).not.toContain("umbrella_lending");
    for (const id of [
      serviceAtLocationId(jh0501v, elsewhere),
      serviceAtLocationId(jh0501v, await stationServiceId("umbrella_lending")),
      jh0501v,
      "not-an-id",
    ]) {
      await expectError(await call(`/hsds/service_at_locations/${id}`), 404, "not_found");
    }
  });
});

describe("list parameters", () => {
  it("bounds per_page and page, and parses modified_after, answering 400 with the envelope", async () => {
    for (const [query, path] of [
      ["per_page=0", "per_page"],
      ["per_page=101", "per_page"],
      ["per_page=1.5", "per_page"],
      ["per_page=many", "per_page"],
      ["page=0", "page"],
      ["modified_after=yesterday", "modified_after"],
      ["organization_id=JH0501V", "organization_id"],
      ["format=ndjson", "format"],
    ]) {
      const error = await expectError(await call(`/hsds/service_at_locations?${query}`), 400, "validation_failed");
      expect(error, query).toEqual({
        code: "validation_failed",
        message: "The query is not valid.",
        details: [{ path, message: expect.any(String) }],
      });
    }
    expect((await get("/hsds/services?per_page=100")).size).toBe(Math.min(100, expected.circleServices.size + expected.stationKinds.size));
  });

  it("refuses the standard's filters it cannot honour, rather than ignore them", async () => {
    const postcode = await expectError(await call("/hsds/service_at_locations?postcode=030000&proximity=500"), 400, "validation_failed");
    expect(postcode.details).toEqual([
      { path: "postcode", message: "not supported: stations carry no postcode" },
      { path: "proximity", message: "not supported: proximity is measured from a postcode, and stations carry none" },
    ]);
    const taxonomy = await expectError(await call("/hsds/services?taxonomy_term_id=x"), 400, "validation_failed");
    expect(taxonomy.details).toEqual([{ path: "taxonomy_term_id", message: "not supported: GridStation publishes no taxonomy" }]);
    const since = await expectError(await call("/hsds/organizations?modified_after=2026-01-01T00:00:00Z"), 400, "validation_failed");
    expect(since.details).toEqual([{ path: "modified_after", message: "not supported: not a filter of this list" }]);
    // Shape hints are not filters: the default shape is served.
    expect((await get("/hsds/services?full=true&per_page=1")).size).toBe(1);
  });

  it("answers unknown HSDS paths in JSON", async () => {
    await expectError(await call("/hsds/taxonomies"), 404, "not_found");
  });
});

describe("ids", () => {
  it("are name-based UUIDs (v5) of the natural key, the same in every response", async () => {
    // Independently of worker/hsds/ids.ts: SHA-1 over the namespace's bytes and the name.
    const namespace = Buffer.from("5bdabe49fcd548e28e943cbb2c4dcb80", "hex");
    const hash = createHash("sha1").update(namespace).update("station/JH0501V").digest();
    hash[6] = (hash[6]! & 0x0f) | 0x50;
    hash[8] = (hash[8]! & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString("hex");
    const recomputed = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    // Pinned: a change of namespace or name would change every published id.
    expect(recomputed).toBe("ee288ea0-9c86-563d-ab80-68024830b0d3");
    const find = async () => (await get("/hsds/service_at_locations?search=JH0501V&per_page=1")).contents[0].location.id;
    expect(await find()).toBe(recomputed);
    expect(await find()).toBe(recomputed);
    const [row] = await db().select({ hsdsId: contact.hsdsServiceId }).from(contact).where(eq(contact.areaId, "jh0501")).limit(1);
    expect(row?.hsdsId).toEqual(UUID);
  });

  it("keep a service's id when its person changes, and move it with its organization", async () => {
    const before = await gridChiefOfJH0501();
    const chief = (await db().select().from(contact).where(eq(contact.hsdsServiceId, before.service)))[0]!;
    await call(`/api/v1/contacts/${chief.id}`, sendJson("PATCH", { name: "黄新", phone: "13900000001" }, writer));
    const same = await get(`/hsds/services/${before.service}`, schemas.hsds_service, reader);
    expect(same.contacts.map((c: { name: string; phones: { number: string }[] }) => [c.name, c.phones[0]!.number])).toEqual([
      ["黄新", "13900000001"],
    ]);

    await call(`/api/v1/contacts/${chief.id}`, sendJson("PATCH", { organization: "同心园社区党委" }, writer));
    await expectError(await call(`/hsds/services/${before.service}`), 404, "not_found");
    const moved = await circleEntryIds({ areaId: "jh0501", role: "grid_chief", organization: "同心园社区党委" });
    const now = await get(`/hsds/services/${moved.hsdsServiceId}`, schemas.hsds_service);
    expect(now.organization).toEqual({
      id: moved.hsdsOrganizationId,
      name: "同心园社区党委",
      description: "十分钟民生圈：社区书记、网格长",
    });
    await call(
      `/api/v1/contacts/${chief.id}`,
      sendJson("PATCH", { name: "黄瑞", phone: chief.phone, organization: "同心园社区居委会" }, writer),
    );
    await get(`/hsds/services/${before.service}`, schemas.hsds_service);
  });

  it("are given to rows written before they existed, by the scheduled backfill", async () => {
    const { service } = await gridChiefOfJH0501();
    await db().update(contact).set({ hsdsServiceId: null, hsdsOrganizationId: null }).where(eq(contact.hsdsServiceId, service));
    await expectError(await call(`/hsds/services/${service}`), 404, "not_found");
    expect(await fillMissingHsdsIds(db())).toBe(1);
    expect(await fillMissingHsdsIds(db())).toBe(0);
    await get(`/hsds/services/${service}`, schemas.hsds_service);
  });
});

describe("modified_after", () => {
  it("means strictly after: an entry changed at that very instant is not listed, one a millisecond later is", async () => {
    await db()
      .update(contact)
      .set({ updatedAt: new Date(SEEDED) });
    await db()
      .update(station)
      .set({ updatedAt: new Date(SEEDED) });
    const instant = new Date(Date.parse(SEEDED) + 3 * 3600_000);
    const police = seededContact("jh05", "community_police");
    await db().update(contact).set({ updatedAt: instant }).where(eq(contact.phone, police.phone));
    const at = encodeURIComponent(instant.toISOString());
    const before = encodeURIComponent(new Date(instant.getTime() - 1).toISOString());
    for (const list of ["services", "service_at_locations"]) {
      expect((await get(`/hsds/${list}?modified_after=${at}`)).total_items, list).toBe(0);
      expect((await get(`/hsds/${list}?modified_after=${before}`)).total_items, list).toBeGreaterThan(0);
    }
    // The same instant written with another offset is the same instant.
    const shanghai = new Date(instant.getTime() + 8 * 3600_000).toISOString().replace("Z", "+08:00");
    expect((await get(`/hsds/services?modified_after=${encodeURIComponent(shanghai)}`)).total_items).toBe(0);
  });

  it("selects services and services at locations changed after a time", async () => {
    // Everything as seeded; the mark a day later, before any change this test makes.
    await db()
      .update(contact)
      .set({ updatedAt: new Date(SEEDED) });
    await db()
      .update(station)
      .set({ updatedAt: new Date(SEEDED) });
    const mark = new Date(Date.parse(SEEDED) + 24 * 3600_000).toISOString();
    expect((await get(`/hsds/services?modified_after=${mark}`)).total_items).toBe(0);
    const police = seededContact("jh05", "community_police");
    const row = (await db().select().from(contact).where(eq(contact.phone, police.phone)))[0]!;
    await call(`/api/v1/contacts/${row.id}`, sendJson("PATCH", { phone: "13900000002" }, writer));

    const services = await get(`/hsds/services?modified_after=${mark}`, schemas.hsds_services_page);
    expect(services.contents.map((s: { name: string }) => s.name)).toEqual(["社区民警（同心园社区）"]);
    expect(Date.parse(services.contents[0].last_modified)).toBeGreaterThanOrEqual(Date.parse(mark));
    const sals = await get(`/hsds/service_at_locations?modified_after=${mark}`, schemas.hsds_service_at_locations_page);
    const inCommunity = demoDirectory()
      .stations.filter((s) => s.areaPath.startsWith("/xhl/jh/jh05/"))
      .map((s) => s.code);
    expect(sals.contents.map((s: { location: { external_identifier: string } }) => s.location.external_identifier).sort()).toEqual(
      inCommunity.sort(),
    );

    // A station's change reaches everything offered there.
    await call("/api/v1/stations/JH0101V", sendJson("PATCH", { address: "太原市杏花岭区新建路9号" }, writer));
    const atStation = await get(`/hsds/service_at_locations?modified_after=${mark}&search=JH0101V`);
    const circle = (await resolveCircle(db(), "JH0101V"))!;
    const circleServices = new Set(
      await Promise.all(
        circle.map(async (c) => (await circleEntryIds({ areaId: c.area_id, role: c.role, organization: c.organization })).hsdsServiceId),
      ),
    );
    expect(atStation.total_items).toBe(seededStation("JH0101V").services.length + circleServices.size);
  });
});

describe("what is published", () => {
  it("leaves out deactivated contacts and stations", async () => {
    const ids = await gridChiefOfJH0501();
    const chief = (await db().select().from(contact).where(eq(contact.hsdsServiceId, ids.service)))[0]!;
    await get(`/hsds/service_at_locations/${ids.serviceAtLocation}`, schemas.hsds_service_at_location);

    await call(`/api/v1/contacts/${chief.id}`, { method: "DELETE", headers: writer });
    await expectError(await call(`/hsds/services/${ids.service}`), 404, "not_found");
    await expectError(await call(`/hsds/service_at_locations/${ids.serviceAtLocation}`), 404, "not_found");
    expect((await get(`/hsds/services?search=网格长&organization_id=${ids.organization}`)).total_items).toBe(2);

    const kind = seededStation("JH0501W").services[0]!;
    const offeredAt = async () =>
      (await get(`/hsds/services/${await stationServiceId(kind)}`)).service_at_locations.map(
        (sal: { location: { external_identifier: string } }) => sal.location.external_identifier,
      );
    expect(await offeredAt()).toContain("JH0501W");
    await call("/api/v1/stations/JH0501W", { method: "DELETE", headers: writer });
    const after = await everything("/hsds/service_at_locations", schemas.hsds_service_at_locations_page);
    expect(after.some((sal) => sal.location.external_identifier === "JH0501W")).toBe(false);
    expect(await offeredAt()).not.toContain("JH0501W");
  });
});

describe("the nearest contact wins", () => {
  it("pairs a station with a role's nearest service only, as its page does", async () => {
    const district = (await circleEntryIds({ areaId: "xhl", role: "power", organization: "国网太原供电公司" })).hsdsServiceId;
    const atStations = async (service: string) =>
      (await get(`/hsds/services/${service}`, schemas.hsds_service)).service_at_locations.map(
        (sal: { location: { external_identifier: string } }) => sal.location.external_identifier,
      );
    const everywhere = await atStations(district);
    expect(everywhere).toContain("JH0501V");

    const created = await call(
      "/api/v1/contacts",
      sendJson(
        "POST",
        { area_id: "jh0501", role: "power", name: "电工王师傅", organization: "国网太原供电公司", phone: "13900000003" },
        writer,
      ),
    );
    expect(created.status).toBe(201);
    const grid = (await circleEntryIds({ areaId: "jh0501", role: "power", organization: "国网太原供电公司" })).hsdsServiceId;
    const onGrid = demoDirectory()
      .stations.filter((s) => s.gridId === "jh0501")
      .map((s) => s.code);
    expect(await atStations(grid)).toEqual(onGrid.filter((code) => code !== "JH0501W")); // JH0501W was deactivated above
    expect(await atStations(district)).toEqual(everywhere.filter((code: string) => !onGrid.includes(code)));
    await expectError(
      await call(`/hsds/service_at_locations/${serviceAtLocationId(await locationId("JH0501V"), district)}`),
      404,
      "not_found",
    );
    await get(`/hsds/service_at_locations/${serviceAtLocationId(await locationId("JH0501V"), grid)}`, schemas.hsds_service_at_location);

    const circle = (await resolveCircle(db(), "JH0501V"))!;
    const fromPage = new Set(
      await Promise.all(
        circle.map(async (c) => (await circleEntryIds({ areaId: c.area_id, role: c.role, organization: c.organization })).hsdsServiceId),
      ),
    );
    const sals = await get("/hsds/service_at_locations?search=JH0501V&per_page=100");
    const fromHsds = sals.contents
      .filter((sal: { description: string }) => sal.description.endsWith("十分钟民生圈"))
      .map((sal: { service_id: string }) => sal.service_id);
    expect(new Set(fromHsds)).toEqual(fromPage);
  });
});
