import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { CATEGORIES } from "../schema/constants.ts";
import * as schemas from "./.generated/validators.js";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json, keyHeaders } from "./helpers/worker.ts";

let writeKey: string;
let readKey: string;

beforeAll(async () => {
  await seedDemo();
  writeKey = (await keyHeaders("cases:write", "cases:read")).authorization.slice(7);
  readKey = (await keyHeaders("cases:read")).authorization.slice(7);
});

function valid(validate: ((data: unknown) => boolean) & { errors?: unknown[] | null }, data: unknown) {
  const ok = validate(data);
  expect(ok, JSON.stringify(validate.errors)).toBe(true);
}

function form(fields: Record<string, string>) {
  return { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() };
}

const post = (fields: Record<string, string>, format = "json") => call(`/open311/v2/requests.${format}`, form(fields));

describe("GET /open311/v2/discovery and services", () => {
  it("describes the endpoint", async () => {
    const res = await call("/open311/v2/discovery.json");
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.endpoints).toEqual([
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: "http://gridstation.test/open311/v2",
        changeset: body.changeset,
        type: "production",
        formats: ["text/xml", "application/json"],
      },
    ]);
  });

  it("lists one service per category, valid against the GeoReport schema", async () => {
    const services = await json(await call("/open311/v2/services.json"));
    valid(schemas.open311_services, services);
    expect(schemas.open311_services([{ service_code: "x" }])).toBe(false); // the validator can say no
    expect(services.map((s: { service_code: string }) => s.service_code)).toEqual([...CATEGORIES]);
    expect(services.find((s: { service_code: string }) => s.service_code === "safety_hazard")).toEqual({
      service_code: "safety_hazard",
      service_name: "安全隐患 (Safety hazard)",
      description: expect.stringContaining("楼道堆物"),
      metadata: true,
      type: "realtime",
      keywords: "hazard,fire risk,gas,broken,隐患",
      group: "safety",
    });
    expect(services.find((s: { service_code: string }) => s.service_code === "social_opinion").metadata).toBe(false);
  });

  it("gives each service's extra questions as attributes", async () => {
    const definition = await json(await call("/open311/v2/services/emergency.json"));
    valid(schemas.open311_service_definition, definition);
    expect(definition.attributes[0]).toMatchObject({
      variable: true,
      code: "people_in_danger",
      datatype: "singlevaluelist",
      required: true,
      order: 1,
      values: [
        { key: "yes", name: "是 (Yes)" },
        { key: "no", name: "否 (No)" },
        { key: "unknown", name: "不清楚 (Not sure)" },
      ],
    });
    const missing = await call("/open311/v2/services/noise.json");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ code: 404, description: "service_code noise is not a service" }]);
  });

  it("speaks XML with the spec's element names", async () => {
    const res = await call("/open311/v2/services.xml");
    expect(res.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?><services><service><service_code>public_service</service_code>')).toBe(
      true,
    );
    expect(xml.match(/<service>/g)).toHaveLength(CATEGORIES.length);
    expect(xml).toContain("<metadata>true</metadata><type>realtime</type>");
    const definition = await (await call("/open311/v2/services/dispute.xml")).text();
    expect(definition).toContain(
      "<service_definition><service_code>dispute</service_code><attributes><attribute><variable>true</variable>",
    );
    expect(definition).toContain("<values><value><key>neighbours</key><name>邻里 (Neighbours)</name></value>");
  });
});

describe("POST /open311/v2/requests", () => {
  it("files a case from a form, with a station code as address_id", async () => {
    const res = await post({
      api_key: writeKey,
      jurisdiction_id: "xhl",
      service_code: "safety_hazard",
      address_id: "JH0501V",
      description: "五号楼电动车在楼道充电",
      first_name: "女士",
      last_name: "李",
      phone: "13912345678",
      email: "li@example.com",
      "attribute[hazard_kind]": "ebike_charging",
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual([{ service_request_id: expect.any(String), service_notice: null, account_id: null }]);

    const grid = await signIn("grid_worker", { area: "jh0501" });
    const created = await json(await call(`/api/v1/cases/${body[0].service_request_id}`, { headers: grid.headers }));
    expect(created).toMatchObject({
      channel: "open311",
      category: "safety_hazard",
      level: "grid",
      place: { station_code: "JH0501V" },
      reporter: { name: "李女士", phone: "13912345678" },
      attributes: { hazard_kind: "ebike_charging" },
    });
    expect(JSON.stringify(created)).not.toContain("example.com"); // e-mail is not kept
  });

  it("answers Open311 errors with the right status, in JSON and XML", async () => {
    const noKey = await post({ service_code: "dispute", address_string: "胜利街1号", description: "邻居装修噪音很大" });
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toEqual([{ code: 403, description: "api_key is required to post a request" }]);
    const readOnly = await post({
      api_key: readKey,
      service_code: "dispute",
      address_string: "胜利街1号",
      description: "邻居装修噪音很大",
    });
    expect(readOnly.status).toBe(403);
    const noPlace = await post({ api_key: writeKey, service_code: "dispute", description: "邻居装修噪音很大" }, "xml");
    expect(noPlace.status).toBe(400);
    expect(await noPlace.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>400</code><description>a location is required: lat and long, address_string or address_id (a station code)</description></error></errors>',
    );
    const required = await post({
      api_key: writeKey,
      service_code: "emergency",
      lat: "37.9",
      long: "112.6",
      description: "路口有车辆起火",
    });
    expect(await required.json()).toEqual([{ code: 400, description: "attribute[people_in_danger] is required for emergency" }]);
    const station = await post({ api_key: writeKey, service_code: "dispute", address_id: "JH9999V", description: "邻居装修噪音很大" });
    expect(await station.json()).toEqual([{ code: 400, description: "address_id: there is no station JH9999V" }]);
    const jurisdiction = await post({
      api_key: writeKey,
      jurisdiction_id: "beijing",
      service_code: "dispute",
      address_string: "x路",
      description: "邻居装修噪音很大",
    });
    expect(jurisdiction.status).toBe(404);
    const phone = await post({
      api_key: writeKey,
      service_code: "dispute",
      address_string: "胜利街1号",
      description: "邻居装修噪音很大",
      phone: "555-1234",
    });
    expect(await phone.json()).toEqual([{ code: 400, description: "phone must be a mainland mobile number" }]);
  });
});

describe("control characters", () => {
  const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

  it("are dropped from what is filed, and never reach the XML feed", async () => {
    const res = await post({
      api_key: writeKey,
      service_code: "dispute",
      address_id: "JH0501V",
      description: "楼上\u0001漏水\f已经\u001b三天",
      first_name: "女\u0002士",
      last_name: "李",
    });
    expect(res.status).toBe(200);
    const [{ service_request_id: id }] = await json(res);
    const row = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, id) }))!;
    expect([row.description, row.reporterName]).toEqual(["楼上漏水已经三天", "李女士"]);
    // A row written before this rule (or by hand) still makes a well-formed feed.
    await db().update(caseTable).set({ description: "旧数据\u0001里的\u000c控制字符" }).where(eq(caseTable.id, id));
    const xml = await (await call(`/open311/v2/requests/${id}.xml?api_key=${readKey}`)).text();
    expect(xml).toContain("<description>旧数据里的控制字符</description>");
    expect(CONTROL.test(xml)).toBe(false);
    const list = await (await call(`/open311/v2/requests.xml?api_key=${readKey}`)).text();
    expect(CONTROL.test(list)).toBe(false);
  });
});

describe("GET /open311/v2/requests", () => {
  it("lists requests valid against the schema, mapping statuses to open and closed", async () => {
    const grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
    const open = await fileCase();
    const done = await fileCase();
    await actOk(done.id, "reject", grid, { reason: "重复" });

    const requests = await json(await call("/open311/v2/requests.json"));
    valid(schemas.open311_requests, requests);
    const byId = new Map(requests.map((r: { service_request_id: string }) => [r.service_request_id, r]));
    expect(byId.get(open.id)).toMatchObject({
      status: "open",
      detailed_status: "RECEIVED",
      gridstation_status: "submitted",
      service_code: "safety_hazard",
      address_id: "JH0501V",
      description: null,
      expected_datetime: open.due_at,
      requested_datetime: open.created_at,
    });
    expect(byId.get(done.id)).toMatchObject({
      status: "closed",
      detailed_status: "REJECTED",
      gridstation_status: "rejected",
      expected_datetime: null,
    });
    // No personal data, even with a key; the description only with one.
    expect(JSON.stringify(requests)).not.toMatch(/王女士|13812345678/);
    const withKey = await json(await call(`/open311/v2/requests.json?api_key=${readKey}&service_request_id=${open.id}`));
    expect(withKey).toHaveLength(1);
    expect(withKey[0].description).toBe(open.description);

    const closed = await json(await call("/open311/v2/requests.json?status=closed"));
    expect(closed.every((r: { status: string }) => r.status === "closed")).toBe(true);
    expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).toContain(done.id);
    expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(open.id);

    // Answered but waiting for the resident's verdict: still open (only closed, rejected and merged close).
    const answered = await fileCase({ ...REPORT, description: "路灯不亮，已报修" });
    await actOk(answered.id, "accept", grid);
    await actOk(answered.id, "resolve", grid, { resolution: "已更换灯泡" });
    const [one] = await json(await call(`/open311/v2/requests/${answered.id}.json`));
    expect(one).toMatchObject({
      status: "open",
      detailed_status: "IN_PROCESS",
      gridstation_status: "resolved",
      status_notes: "已更换灯泡",
    });
    const stillOpen = (await json(await call("/open311/v2/requests.json?status=open"))).map(
      (r: { service_request_id: string }) => r.service_request_id,
    );
    expect(stillOpen).toEqual(expect.arrayContaining([answered.id, open.id]));
    expect(stillOpen).not.toContain(done.id);
    expect(
      (await json(await call("/open311/v2/requests.json?status=closed"))).map((r: { service_request_id: string }) => r.service_request_id),
    ).not.toContain(answered.id);
    const future = await json(
      await call(
        `/open311/v2/requests.json?start_date=${new Date(Date.now() + 3600_000).toISOString()}&end_date=${new Date(Date.now() + 7200_000).toISOString()}`,
      ),
    );
    expect(future).toEqual([]);
  });

  it("filters by the time of the last change (updated_after / updated_before)", async () => {
    const grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
    const old = await fileCase({ ...REPORT, description: "较早的上报：楼道灯坏了" });
    // Filed (and last changed) on 10 January; the mark an hour later; then it changes again.
    const filedAt = new Date("2026-01-10T02:00:00Z");
    await db().update(caseTable).set({ createdAt: filedAt, updatedAt: filedAt }).where(eq(caseTable.id, old.id));
    const mark = new Date(filedAt.getTime() + 3600_000).toISOString();
    expect(
      (await json(await call(`/open311/v2/requests.json?updated_before=${mark}`))).map(
        (r: { service_request_id: string }) => r.service_request_id,
      ),
    ).toContain(old.id);
    await actOk(old.id, "accept", grid);
    const fresh = await fileCase({ ...REPORT, description: "新的上报：电梯异响" });
    const changed = await json(await call(`/open311/v2/requests.json?updated_after=${mark}`));
    const ids = changed.map((r: { service_request_id: string }) => r.service_request_id);
    expect(ids).toEqual(expect.arrayContaining([old.id, fresh.id]));
    valid(schemas.open311_requests, changed);
    const before = await json(await call(`/open311/v2/requests.json?updated_before=${mark}`));
    expect(before.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(fresh.id);
    const apiChanged = await json(await call(`/api/v1/cases?updated_after=${mark}&limit=100`, { headers: grid }));
    expect(apiChanged.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([old.id, fresh.id]));
  });

  it("gets one request, and its token", async () => {
    const filed = await fileCase();
    const one = await json(await call(`/open311/v2/requests/${filed.id}.json`));
    valid(schemas.open311_requests, one);
    expect(one[0].service_request_id).toBe(filed.id);
    const xml = await (await call(`/open311/v2/requests/${filed.id}.xml`)).text();
    expect(xml).toContain(`<service_requests><request><service_request_id>${filed.id}</service_request_id><status>open</status>`);
    expect(await json(await call(`/open311/v2/tokens/${filed.id}.json`))).toEqual([{ service_request_id: filed.id, token: filed.id }]);
    expect((await call("/open311/v2/requests/01JD2X4Q8Z6Y3W5V7T9R1P0N2M.json")).status).toBe(404);
  });

  it("refuses bad parameters in the Open311 shape", async () => {
    const res = await call("/open311/v2/requests.json?status=pending");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([{ code: 400, description: "status is open or closed" }]);
    expect(await json(await call("/open311/v2/requests.json?start_date=yesterday"))).toEqual([
      { code: 400, description: "start_date must be a W3C date-time" },
    ]);
    expect((await call("/open311/v2/requests.csv")).status).toBe(404);
    expect((await call("/open311/v2/requests.json?api_key=nope")).status).toBe(403);
  });
});
