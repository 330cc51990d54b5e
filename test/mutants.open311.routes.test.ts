import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { issueApiKey } from "../worker/auth/api-key.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json } from "./helpers/worker.ts";

let writeKey: string;
let writeKeyId: string;
let readKey: string;

beforeAll(async () => {
  await seedDemo();
  ({ key: writeKey, id: writeKeyId } = await issueApiKey(db(), "open311 mutants writer", ["cases:write", "cases:read"]));
  ({ key: readKey } = await issueApiKey(db(), "open311 mutants reader", ["cases:read"]));
});

function form(fields: Record<string, string>) {
  return { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() };
}

const post = (fields: Record<string, string>, format = "json") => call(`/open311/v2/requests.${format}`, form(fields));
const base = () => ({ api_key: writeKey, service_code: "dispute", address_string: "胜利街1号", description: "邻居装修噪音很大" });
const error = (code: number, description: string) => [{ code, description }];
const ids = (rows: { service_request_id: string }[]) => rows.map((r) => r.service_request_id);

async function filed(res: Response) {
  expect(res.status, await res.clone().text()).toBe(200);
  const [{ service_request_id: id }] = await json(res);
  return (await db().query.caseTable.findFirst({ where: eq(caseTable.id, id) }))!;
}

describe("open311 POST validation messages", () => {
  it("names a bad api_key, a key without write, and a bad service_code", async () => {
    const bad = await call("/open311/v2/requests.json?api_key=nope");
    expect(bad.status).toBe(403);
    expect(await bad.json()).toEqual(error(403, "api_key is not valid"));
    const readOnly = await post({ ...base(), api_key: readKey });
    expect(readOnly.status).toBe(403);
    expect(await readOnly.json()).toEqual(error(403, "api_key may not post requests"));
    const { service_code: _, ...noCode } = base();
    const missing = await post(noCode);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual(error(400, "service_code is required and must be one of GET services"));
    const noise = await post({ ...base(), service_code: "noise" });
    expect(noise.status).toBe(400);
    expect(await noise.json()).toEqual(error(400, "service_code is required and must be one of GET services"));
  });

  it("takes descriptions of 1 to 4000 characters, counted as characters, and refuses an empty one", async () => {
    const refusal = error(400, "description is required, 1 to 4000 characters");
    const { description: _, ...noDescription } = base();
    for (const fields of [noDescription, { ...base(), description: "" }, { ...base(), description: "  \u0001 " }]) {
      const res = await post(fields);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual(refusal);
    }
    const tooLong = await post({ ...base(), description: "灯".repeat(4001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual(refusal);
    expect((await filed(await post({ ...base(), description: "坏" }))).description).toBe("坏");
    expect((await filed(await post({ ...base(), description: "路灯坏了" }))).description).toBe("路灯坏了");
    // 4,000 Chinese characters are 36 KB as a form: under the body cap.
    expect((await filed(await post({ ...base(), description: "灯".repeat(4000) }))).description).toBe("灯".repeat(4000));
    // An emoji is one character (two UTF-16 units), as GeoReport's schema counts.
    expect((await filed(await post({ ...base(), description: "🚧".repeat(4000) }))).description).toBe("🚧".repeat(4000));
  });

  it("answers a body over the cap with 413 in Open311's shape", async () => {
    const res = await post({ ...base(), description: "灯".repeat(8000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(error(413, "body over 64 KB"));
  });

  it("wants lat and long together, inside WGS84 degrees", async () => {
    const { address_string: _, ...noAddress } = base();
    const alone = await post({ ...noAddress, lat: "37.9" });
    expect(alone.status).toBe(400);
    expect(await alone.json()).toEqual(error(400, "lat and long go together"));
    const outside: [string, string][] = [
      ["91", "0"],
      ["-91", "0"],
      ["0", "181"],
      ["0", "-181"],
      ["90.5", "180.5"],
    ];
    for (const [lat, long] of outside) {
      const res = await post({ ...noAddress, lat, long });
      expect(res.status, `${lat},${long}`).toBe(400);
      expect(await res.json()).toEqual(error(400, "lat and long must be WGS84 degrees"));
    }
    const edge = await filed(await post({ ...noAddress, lat: "90", long: "180" }));
    expect([edge.lat, edge.lng]).toEqual([90, 180]);
    const south = await filed(await post({ ...noAddress, lat: "-90", long: "-180" }));
    expect([south.lat, south.lng]).toEqual([-90, -180]);
    const taiyuan = await filed(await post({ ...noAddress, lat: "37.9", long: "112.6" }));
    expect([taiyuan.lat, taiyuan.lng]).toEqual([37.9, 112.6]);
    const addressOnly = await filed(await post(base()));
    expect([addressOnly.lat, addressOnly.lng]).toEqual([null, null]);
  });

  it("checks attribute values against the service's options", async () => {
    const wrong = await post({ ...base(), "attribute[parties]": "aliens" });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual(error(400, "attribute[parties] has no value aliens"));
    const right = await filed(await post({ ...base(), "attribute[parties]": "family" }));
    expect(right.attributes).toEqual({ parties: "family" });
    const none = await filed(await post(base()));
    expect(none.attributes).toBeNull();
  });

  it("cuts the name to 40 characters and the address to 200", async () => {
    const row = await filed(
      await post({ ...base(), address_string: "路".repeat(201), last_name: "张".repeat(30), first_name: "三".repeat(20) }),
    );
    expect(row.reporterName).toBe("张".repeat(30) + "三".repeat(10));
    expect(row.address).toBe("路".repeat(200));
    const firstOnly = await filed(await post({ ...base(), first_name: "小明" }));
    expect(firstOnly.reporterName).toBe("小明");
  });

  it("files as the open311 channel by this api_key, and answers XML with service_requests", async () => {
    const res = await post(base(), "xml");
    expect(res.status).toBe(200);
    const xml = await res.text();
    const id = /<service_request_id>([^<]+)<\/service_request_id>/.exec(xml)![1]!;
    expect(xml).toBe(
      `<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>${id}</service_request_id><service_notice/><account_id/></request></service_requests>`,
    );
    const row = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, id) }))!;
    expect(row.channel).toBe("open311");
    expect(row.createdBy).toBe(`api_key:${writeKeyId}`);
  });

  it("keeps an area key's requests inside its area", async () => {
    const { key } = await issueApiKey(db(), "open311 jh0102 writer", ["cases:write"], "/xhl/jh/jh01/jh0102/");
    const res = await post({ api_key: key, service_code: "dispute", address_id: "JH0501V", description: "邻居装修噪音很大" });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(error(403, "this api_key files requests only inside its area"));
    const unknownStation = await post({ ...base(), address_string: "", address_id: "JH9999V" });
    expect(unknownStation.status).toBe(400);
    expect(await unknownStation.json()).toEqual(error(400, "address_id: there is no station JH9999V"));
  });
});

describe("open311 GET requests parameters", () => {
  it("refuses more than 100 ids, takes 100", async () => {
    const many = Array.from({ length: 101 }, (_, i) => `id${i}`);
    const over = await call(`/open311/v2/requests.json?service_request_id=${many.join(",")}`);
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual(error(400, "at most 100 service_request_id values"));
    const hundred = await call(`/open311/v2/requests.json?service_request_id=${many.slice(0, 100).join(",")}`);
    expect(hundred.status).toBe(200);
    expect(await hundred.json()).toEqual([]);
  });

  it("filters by service_code; one that is no service has no requests", async () => {
    const hazard = await fileCase();
    const dispute = await filed(await post(base()));
    const only = await json(await call("/open311/v2/requests.json?service_code=dispute"));
    expect(ids(only)).toContain(dispute.id);
    expect(ids(only)).not.toContain(hazard.id);
    expect(only.every((r: { service_code: string }) => r.service_code === "dispute")).toBe(true);
    const mixed = await json(await call("/open311/v2/requests.json?service_code=dispute,noise"));
    expect(ids(mixed)).toEqual(ids(only));
    const unknown = await call("/open311/v2/requests.json?service_code=noise");
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual([]);
    expect(await (await call("/open311/v2/requests.xml?service_code=noise")).text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_requests></service_requests>',
    );
  });

  it("reads status lists loosely: blanks dropped, spaces trimmed, any unknown refused", async () => {
    const grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
    const done = await fileCase();
    await actOk(done.id, "reject", grid, { reason: "重复" });
    const trailing = await call("/open311/v2/requests.json?status=closed,");
    expect(trailing.status).toBe(200);
    expect(ids(await trailing.json())).toContain(done.id);
    const spaced = await call(`/open311/v2/requests.json?status=${encodeURIComponent("open, closed")}`);
    expect(spaced.status).toBe(200);
    expect(ids(await spaced.json())).toContain(done.id);
    const mixed = await call("/open311/v2/requests.json?status=open,pending");
    expect(mixed.status).toBe(400);
    expect(await mixed.json()).toEqual(error(400, "status is open or closed"));
  });

  it("wants start_date before end_date", async () => {
    const same = await call("/open311/v2/requests.json?start_date=2026-03-01T00:00:00Z&end_date=2026-03-01T00:00:00Z");
    expect(same.status).toBe(400);
    expect(await same.json()).toEqual(error(400, "start_date must be before end_date"));
    const reversed = await call("/open311/v2/requests.json?start_date=2026-03-02T00:00:00Z&end_date=2026-03-01T00:00:00Z");
    expect(reversed.status).toBe(400);
    expect(await reversed.json()).toEqual(error(400, "start_date must be before end_date"));
  });

  it("shows an area key only its area's requests", async () => {
    const { key } = await issueApiKey(db(), "open311 jh0102 reader", ["cases:read"], "/xhl/jh/jh01/jh0102/");
    const outside = await fileCase();
    const inside = await fileCase({ ...REPORT, station_code: "JH0102V" });
    const seen = ids(await json(await call(`/open311/v2/requests.json?api_key=${key}`)));
    expect(seen).toContain(inside.id);
    expect(seen).not.toContain(outside.id);
  });

  it("names a request that is not there", async () => {
    const res = await call("/open311/v2/requests/01JD2X4Q8Z6Y3W5V7T9R1P0N2M.json");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(error(404, "service_request_id 01JD2X4Q8Z6Y3W5V7T9R1P0N2M was not found"));
  });

  it("words a new request's status, service and agency in both languages", async () => {
    const filedCase = await fileCase();
    const [one] = await json(await call(`/open311/v2/requests/${filedCase.id}.json`));
    expect(one).toMatchObject({
      status: "open",
      status_notes: "已受理，待处理 (Received, waiting to be handled)",
      service_name: "安全隐患 (Safety hazard)",
      agency_responsible: "网格 (your grid team)",
      expected_datetime: filedCase.due_at,
    });
  });

  it("gives an answered request no expected time", async () => {
    const grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
    const answered = await fileCase();
    await actOk(answered.id, "accept", grid);
    await actOk(answered.id, "resolve", grid, { resolution: "已清理" });
    const [one] = await json(await call(`/open311/v2/requests/${answered.id}.json`));
    expect(one).toMatchObject({
      status: "open",
      detailed_status: "IN_PROCESS",
      gridstation_status: "resolved",
      status_notes: "已清理",
      expected_datetime: null,
    });
  });
});

describe("open311 resources", () => {
  it("describes the district in discovery, JSON and XML", async () => {
    const body = await json(await call("/open311/v2/discovery.json"));
    expect(body).toMatchObject({
      changeset: "2026-12-06T00:00:00Z",
      contact: "杏花岭区综治中心 · Xinghualing District governance centre",
      key_service: "向杏花岭区综治中心申请 API 密钥 · Ask the Xinghualing District governance centre for an API key",
      jurisdictions: ["xhl"],
    });
    expect(body.endpoints[0].changeset).toBe("2026-12-06T00:00:00Z");
    const xml = await (await call("/open311/v2/discovery.xml")).text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?><discovery><changeset>2026-12-06T00:00:00Z</changeset>')).toBe(true);
    expect(xml).toContain("<jurisdictions><jurisdiction>xhl</jurisdiction></jurisdictions>");
  });

  it("answers unknown resources with 404 in JSON", async () => {
    for (const res of [await call("/open311/v2/foo.json"), await call("/open311/v2/requests.csv")]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual(
        error(404, "not an Open311 resource; see /open311/v2/discovery.json (each address ends in .json or .xml)"),
      );
    }
    const noFormat = await call("/open311/v2/services/dispute");
    expect(noFormat.status).toBe(404);
    expect(await noFormat.json()).toEqual(error(404, "not an Open311 resource; add .json or .xml"));
  });

  it("finds each token's own request, and names a missing one", async () => {
    await fileCase();
    const second = await fileCase();
    expect(await json(await call(`/open311/v2/tokens/${second.id}.json`))).toEqual([{ service_request_id: second.id, token: second.id }]);
    const xml = await (await call(`/open311/v2/tokens/${second.id}.xml`)).text();
    expect(xml).toBe(
      `<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>${second.id}</service_request_id><token>${second.id}</token></request></service_requests>`,
    );
    const missing = await call("/open311/v2/tokens/01JD2X4Q8Z6Y3W5V7T9R1P0N2M.json");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual(error(404, "token 01JD2X4Q8Z6Y3W5V7T9R1P0N2M was not found"));
  });
});
