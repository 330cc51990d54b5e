import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { station } from "../schema/station.ts";
import * as schemas from "./.generated/validators.js";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json, keyHeaders, sendJson } from "./helpers/worker.ts";

// What real Open311 clients (FixMyStreet's Open311.pm, node-open311) and validators tripped on.

let writeKey: string;
let readKey: string;

beforeAll(async () => {
  await seedDemo();
  writeKey = (await keyHeaders("cases:write", "cases:read")).authorization.slice(7);
  readKey = (await keyHeaders("cases:read")).authorization.slice(7);
});

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});
const post = (fields: Record<string, string>, format = "json") => call(`/open311/v2/requests.${format}`, form(fields));
const base = () => ({ api_key: writeKey, service_code: "dispute", address_id: "JH0501V", description: "楼上漏水" });
const error = (code: number, description: string) => [{ code, description }];

async function filedId(res: Response): Promise<string> {
  expect(res.status, await res.clone().text()).toBe(200);
  return (await json(res))[0].service_request_id;
}

function valid(validate: ((data: unknown) => boolean) & { errors?: unknown[] | null }, data: unknown) {
  expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
}

describe("jurisdiction_id", () => {
  const UNKNOWN = "jurisdiction_id taiyuan is not served here; this endpoint serves xhl";

  it("is optional everywhere: none, the configured id, and node-open311's `undefined` all mean this endpoint", async () => {
    for (const jurisdiction of [undefined, "xhl", "undefined"]) {
      const query = jurisdiction === undefined ? "" : `?jurisdiction_id=${jurisdiction}`;
      expect((await call(`/open311/v2/services.json${query}`)).status, `${jurisdiction}`).toBe(200);
      expect((await call(`/open311/v2/services/dispute.json${query}`)).status).toBe(200);
      expect((await call(`/open311/v2/requests.json${query}`)).status).toBe(200);
      const fields = jurisdiction === undefined ? base() : { ...base(), jurisdiction_id: jurisdiction };
      const id = await filedId(await post(fields));
      expect((await call(`/open311/v2/requests/${id}.json${query}`)).status).toBe(200);
      expect((await call(`/open311/v2/tokens/${id}.json${query}`)).status).toBe(200);
    }
  });

  it("answers an unknown one with the spec's 404, naming the ids served, on every resource and in XML", async () => {
    const filed = await fileCase();
    for (const path of [
      "/open311/v2/services.json",
      "/open311/v2/services/dispute.json",
      "/open311/v2/requests.json",
      `/open311/v2/requests/${filed.id}.json`,
      `/open311/v2/tokens/${filed.id}.json`,
    ]) {
      const res = await call(`${path}?jurisdiction_id=taiyuan`);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual(error(404, UNKNOWN));
    }
    const posted = await post({ ...base(), jurisdiction_id: "taiyuan" });
    expect(posted.status).toBe(404);
    expect(await posted.json()).toEqual(error(404, UNKNOWN));
    const xml = await call("/open311/v2/services.xml?jurisdiction_id=taiyuan");
    expect(await xml.text()).toBe(
      `<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>${UNKNOWN}</description></error></errors>`,
    );
    const count = (await db().select().from(caseTable).where(eq(caseTable.channel, "open311"))).length;
    await post({ ...base(), jurisdiction_id: "taiyuan" });
    expect((await db().select().from(caseTable).where(eq(caseTable.channel, "open311"))).length).toBe(count);
  });

  it("is published in discovery", async () => {
    expect((await json(await call("/open311/v2/discovery.json"))).jurisdictions).toEqual(["xhl"]);
  });
});

describe("a station's requests are on the map; a resident's own address is not published", () => {
  it("gives a request filed at a station the station's coordinates and address, in JSON and XML", async () => {
    const [jh0501v] = await db().select().from(station).where(eq(station.code, "JH0501V"));
    expect(jh0501v!.lat).not.toBeNull();
    const id = await filedId(await post({ ...base(), address_string: "5号楼2单元302室 王家" }));
    const [anonymous] = await json(await call(`/open311/v2/requests/${id}.json`));
    valid(schemas.open311_requests, [anonymous]);
    expect(anonymous).toMatchObject({ address_id: "JH0501V", address: jh0501v!.address, lat: jh0501v!.lat, long: jh0501v!.lng });
    const xml = await (await call(`/open311/v2/requests/${id}.xml`)).text();
    expect(xml).toContain(`<address>${jh0501v!.address}</address><address_id>JH0501V</address_id><zipcode/>`);
    expect(xml).toContain(`<lat>${jh0501v!.lat}</lat><long>${jh0501v!.lng}</long>`);
    for (const feed of [
      JSON.stringify(await json(await call("/open311/v2/requests.json"))),
      await (await call("/open311/v2/requests.xml")).text(),
    ]) {
      expect(feed).not.toContain("王家");
      expect(feed).toContain(id);
    }
    // A caller whose key reads cases reads the resident's words, the address among them.
    const [keyed] = await json(await call(`/open311/v2/requests/${id}.json?api_key=${readKey}`));
    expect(keyed).toMatchObject({ address: "5号楼2单元302室 王家", lat: jh0501v!.lat, long: jh0501v!.lng });
  });

  it("keeps a request's own coordinates, and publishes no address for one filed at an address alone", async () => {
    const own = await filedId(await post({ ...base(), lat: "37.88", long: "112.57" }));
    expect((await json(await call(`/open311/v2/requests/${own}.json`)))[0]).toMatchObject({ lat: 37.88, long: 112.57 });
    const { address_id: _, ...noStation } = base();
    const street = await filedId(await post({ ...noStation, address_string: "胜利街1号院3号楼" }));
    const [one] = await json(await call(`/open311/v2/requests/${street}.json`));
    expect(one).toMatchObject({ address: null, address_id: null, lat: null, long: null });
  });

  it("keeps the resident's address out of the JSON API's public view (tracking)", async () => {
    const filed = await fileCase({ ...REPORT, address: "5号楼2单元302室 王家" });
    const tracked = await call(`/api/v1/track/${filed.tracking_code}`);
    expect(tracked.status).toBe(200);
    const text = await tracked.text();
    expect(text).not.toContain("王家");
    expect(JSON.parse(text).station_code).toBe("JH0501V");
  });
});

describe("detailed_status in CitySDK's words", () => {
  it("maps every GridStation status, agreeing with status, and carries GridStation's own in gridstation_status", async () => {
    const grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
    const submitted = await fileCase();
    const inProgress = await fileCase();
    await actOk(inProgress.id, "accept", grid);
    const resolved = await fileCase();
    await actOk(resolved.id, "accept", grid);
    await actOk(resolved.id, "resolve", grid, { resolution: "已清理" });
    const closed = await fileCase();
    await actOk(closed.id, "accept", grid);
    await actOk(closed.id, "resolve", grid, { resolution: "已清理" });
    const feedback = await call(`/api/v1/track/${closed.tracking_code}/feedback`, sendJson("POST", { grade: "satisfied" }));
    expect(feedback.status).toBe(200);
    const rejected = await fileCase();
    await actOk(rejected.id, "reject", grid, { reason: "不属于网格事务" });
    const merged = await fileCase();
    await actOk(merged.id, "merge", grid, { into_case_id: submitted.id, reason: "同一问题" });

    const expected: [string, string, string, string][] = [
      [submitted.id, "open", "RECEIVED", "submitted"],
      [inProgress.id, "open", "IN_PROCESS", "in_progress"],
      [resolved.id, "open", "IN_PROCESS", "resolved"],
      [closed.id, "closed", "PROCESSED", "closed"],
      [rejected.id, "closed", "REJECTED", "rejected"],
      [merged.id, "closed", "ARCHIVED", "merged"],
    ];
    const ids = expected.map(([id]) => id).join(",");
    const listed = await json(await call(`/open311/v2/requests.json?service_request_id=${ids}`));
    valid(schemas.open311_requests, listed);
    const seen = new Map(listed.map((r: { service_request_id: string }) => [r.service_request_id, r]));
    for (const [id, status, detailed, own] of expected) {
      expect(seen.get(id), own).toMatchObject({ status, detailed_status: detailed, gridstation_status: own });
    }
    const xml = await (await call(`/open311/v2/requests/${merged.id}.xml`)).text();
    expect(xml).toContain(
      "<status>closed</status><detailed_status>ARCHIVED</detailed_status><gridstation_status>merged</gridstation_status>",
    );
  });
});

describe("media_url", () => {
  it("is kept and returned to callers that read cases, and refused when it is not a web address", async () => {
    const url = "https://fixmystreet.example.org/photo/12345.0.full.jpeg";
    const id = await filedId(await post({ ...base(), media_url: url }));
    expect((await db().query.caseTable.findFirst({ where: eq(caseTable.id, id) }))!.mediaUrl).toBe(url);
    expect((await json(await call(`/open311/v2/requests/${id}.json?api_key=${readKey}`)))[0].media_url).toBe(url);
    expect((await json(await call(`/open311/v2/requests/${id}.json`)))[0].media_url).toBeNull();
    for (const bad of ["javascript:alert(1)", "photo.jpg", `https://example.org/${"a".repeat(500)}`]) {
      const res = await post({ ...base(), media_url: bad });
      expect(res.status, bad).toBe(400);
      expect(await res.json()).toEqual(error(400, "media_url must be an http or https URL of at most 500 characters"));
    }
  });
});

describe("what a POST must be", () => {
  it("answers a JSON body with 415 saying the form encoding is expected, filing nothing", async () => {
    const res = await call("/open311/v2/requests.json", sendJson("POST", base()));
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual(
      error(415, "the body must be form-encoded (application/x-www-form-urlencoded), as GeoReport v2 posts it; got application/json"),
    );
    const xml = await call("/open311/v2/requests.xml", { method: "POST", body: "x" });
    expect(xml.status).toBe(415);
    expect(await xml.text()).toContain("<code>415</code>");
    // multipart forms are forms too.
    const multipart = new FormData();
    for (const [name, value] of Object.entries(base())) multipart.set(name, value);
    expect((await call("/open311/v2/requests.json", { method: "POST", body: multipart })).status).toBe(200);
  });
});

describe("wrong methods", () => {
  it("answer 405 with Allow in Open311's format, JSON or XML as the address asks", async () => {
    const services = await call("/open311/v2/services.json", form({ api_key: writeKey }));
    expect(services.status).toBe(405);
    expect(services.headers.get("allow")).toBe("GET, HEAD");
    expect(await services.json()).toEqual(error(405, "POST is not answered here; GET, HEAD are"));
    const requests = await call("/open311/v2/requests.xml", { method: "DELETE" });
    expect(requests.status).toBe(405);
    expect(requests.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(await requests.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>405</code><description>DELETE is not answered here; GET, HEAD, POST are</description></error></errors>',
    );
    const one = await call("/open311/v2/requests/01JD2X4Q8Z6Y3W5V7T9R1P0N2M.json", { method: "PUT" });
    expect([one.status, one.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
  });

  it("answer 405 with Allow in the API's envelope on the JSON API and HSDS", async () => {
    const areas = await call("/api/v1/areas", { method: "DELETE" });
    expect(areas.status).toBe(405);
    expect(areas.headers.get("allow")).toBe("GET, HEAD");
    expect(await areas.json()).toEqual({
      error: { code: "method_not_allowed", message: "DELETE is not answered here; GET, HEAD are.", details: { allow: ["GET", "HEAD"] } },
    });
    const cases = await call("/api/v1/cases", { method: "PUT" });
    expect([cases.status, cases.headers.get("allow")]).toEqual([405, "GET, HEAD, POST"]);
    const hsds = await call("/hsds/services", { method: "POST" });
    expect([hsds.status, hsds.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    expect((await json(hsds)).error.code).toBe("method_not_allowed");
    // An address nothing answers is still 404.
    const nothing = await call("/api/v1/nothing", { method: "DELETE" });
    expect(nothing.status).toBe(404);
    expect((await json(nothing)).error.code).toBe("not_found");
  });
});

describe("discovery without a format", () => {
  it("answers JSON, or XML to a client that accepts only XML", async () => {
    const bare = await call("/open311/v2/discovery");
    expect(bare.status).toBe(200);
    expect(bare.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await bare.json()).toEqual(await json(await call("/open311/v2/discovery.json")));
    const xml = await call("/open311/v2/discovery", { headers: { accept: "text/xml" } });
    expect(xml.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await xml.text()).toBe(await (await call("/open311/v2/discovery.xml")).text());
  });
});
