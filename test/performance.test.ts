import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { issueApiKey } from "../worker/auth/api-key.ts";
import { createDatabase } from "../worker/db.ts";
import { circleEntryIds, locationId, serviceAtLocationId, stationNetworkId, stationServiceId } from "../worker/hsds/ids.ts";
import { runScheduler } from "../worker/scheduler.ts";
import { deliver } from "../worker/webhooks/deliver.ts";
import { fanOut } from "../worker/webhooks/fanout.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { formToken } from "./helpers/forms.ts";
import { type Recorded, recordingD1, recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn, signInCast } from "./helpers/staff.ts";
import { keyHeaders, sendJson } from "./helpers/worker.ts";

let people: Awaited<ReturnType<typeof signInCast>> & { admin?: Record<string, string> };
let reader: Record<string, string>;
let trackingCode: string;
let caseId: string;
const everything: Recorded[] = [];

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
  reader = await keyHeaders("cases:read", "cases:write");
  for (let i = 0; i < 30; i++) await fileCase({ ...REPORT, description: `第${i}件：楼道堆物需要清理` });
  const filed = await fileCase();
  trackingCode = filed.tracking_code;
  caseId = filed.id;
  await actOk(caseId, "accept", people.grid);
});

async function roundTrips(path: string, init?: RequestInit, expectedStatus = 200) {
  const { response, log } = await recordRequest(path, init);
  expect(
    response.status,
    `${path}: ${await response
      .clone()
      .text()
      .then((t) => t.slice(0, 200))}`,
  ).toBe(expectedStatus);
  everything.push(...log.statements);
  return log.roundTrips;
}

describe("D1 round trips per request", () => {
  it("stay at two or fewer on every hot path", async () => {
    const form = new FormData();
    form.append("token", await formToken());
    form.append("category", "dispute");
    form.append("description", "楼上每晚装修到十一点，影响休息");
    const firstPage = (await (await recordRequest("/api/v1/cases?area=/xhl/jh/&limit=5", { headers: reader })).response.json()) as {
      next_cursor: string;
    };
    const cases: [string, RequestInit | undefined, number, number][] = [
      ["/healthz", undefined, 200, 0],
      ["/s/JH0501V", undefined, 200, 1],
      ["/s/JH0501V/report", { method: "POST", body: form }, 303, 2],
      // The same form again: with the station's data cached, the write finds the first case.
      ["/s/JH0501V/report", { method: "POST", body: form }, 303, 2],
      [`/t/${trackingCode}`, undefined, 200, 1],
      [`/api/v1/track/${trackingCode}`, undefined, 200, 1],
      ["/api/v1/stations/JH0501V/circle", undefined, 200, 1],
      ["/api/v1/cases?area=jh0501", { headers: reader }, 200, 2],
      ["/api/v1/cases?area=/xhl/jh/", { headers: reader }, 200, 2],
      [`/api/v1/cases?area=/xhl/jh/&limit=5&cursor=${firstPage.next_cursor}`, { headers: reader }, 200, 2],
      ["/api/v1/cases?status=submitted&category=safety_hazard", { headers: people.grid }, 200, 2],
      [`/api/v1/cases/${caseId}`, { headers: people.grid }, 200, 2],
      ["/api/v1/stats?area=jh0501", { headers: reader }, 200, 2],
      ["/api/v1/stats?area=/xhl/jh/", { headers: reader }, 200, 2],
      ["/api/v1/stats", { headers: reader }, 200, 2],
      ["/staff", { headers: people.street }, 200, 2],
      ["/staff", { headers: people.district }, 200, 2],
      ["/staff", { headers: people.market }, 200, 2],
      ["/staff/cases", { headers: people.grid }, 200, 2],
      // The page, its total and the areas to choose from in one batch.
      ["/staff/cases?q=楼道&sort=due&from=2020-01-01&to=2099-12-31", { headers: people.street }, 200, 2],
      ["/staff/supervised", { headers: people.grid }, 200, 2],
      ["/staff/ranking?of=grid&period=month", { headers: people.district }, 200, 2],
      // The case with the resident's view of its trail, then (for its holder) the choices its forms offer.
      [`/staff/cases/${caseId}`, { headers: people.grid }, 200, 2],
      [`/staff/cases/${caseId}`, { headers: people.community }, 200, 2],
      ["/hsds/services?search=民警", undefined, 200, 1],
      ["/hsds/organizations", undefined, 200, 1],
      ["/hsds/service_at_locations?page=2&modified_after=2026-01-01T00:00:00Z", undefined, 200, 1],
    ];
    for (const [path, init, status, most] of cases) {
      expect(await roundTrips(path, init, status), path).toBeLessThanOrEqual(most);
    }
  });
});

describe("a deep page of a case list", () => {
  it("seeks the index to the cursor instead of walking from the newest case", async () => {
    // SQLite uses a keyset condition for the index range only with its leading bound on its own;
    // as a bare OR the plan still reads "SEARCH … (street_id=?)" (no SCAN), so check the bound.
    const first = (await (await recordRequest("/api/v1/cases?area=/xhl/jh/&limit=5", { headers: reader })).response.json()) as {
      next_cursor: string;
    };
    for (const area of ["/xhl/jh/", "jh0501"]) {
      const { log } = await recordRequest(`/api/v1/cases?area=${area}&limit=5&cursor=${first.next_cursor}`, { headers: reader });
      const list = log.statements.find((r) => /from "case"/.test(r.sql) && /order by "case"\."created_at" desc/.test(r.sql))!;
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${list.sql}`)
        .bind(...list.params)
        .all<{ detail: string }>();
      expect(plan.results.map((r) => r.detail).join("\n"), area).toMatch(/USING INDEX case_\w+_created_idx \(\w+=\? AND created_at<\?\)/);
    }
  });
});

/** Every statement the code issued that reads or writes cases or their events. */
function caseStatements(records: Recorded[]) {
  const seen = new Map<string, Recorded>();
  for (const r of records) if (/"case(_event)?"/.test(r.sql) && !seen.has(r.sql)) seen.set(r.sql, r);
  return [...seen.values()];
}

describe("query plans", () => {
  it("never scan the case or case_event table", async () => {
    // Everything else the code does with cases: the workflow, the tracking view, Open311, the staff
    // pages, the scheduler.
    const admin = await signIn("admin");
    Object.assign(people, { admin: admin.headers });
    const dueCursor = (await (await recordRequest("/api/v1/cases?sort=due&limit=3", { headers: reader })).response.json()) as {
      next_cursor: string;
    };
    const updatedCursor = (await (await recordRequest("/api/v1/cases?sort=updated&limit=3", { headers: people.grid })).response.json()) as {
      next_cursor: string;
    };
    const gridKey = await issueApiKey(createDatabase(env.DB), "grid hotline", ["cases:read"], "/xhl/jh/jh05/jh0501/");
    const more: [string, RequestInit?][] = [
      // Webhooks first, so that the writes below give the fan-out something to do.
      ["/api/v1/webhooks", sendJson("POST", { url: "https://hotline.example.cn/hook" }, reader)],
      [
        "/api/v1/webhooks",
        sendJson("POST", { url: "https://grid.example.cn/hook", actions: ["note"] }, { authorization: `Bearer ${gridKey.key}` }),
      ],
      ["/api/v1/cases", sendJson("POST", REPORT, { ...reader, "idempotency-key": "plan-1" })],
      [`/api/v1/cases/${caseId}/events`, { headers: people.grid }],
      [`/api/v1/cases/${caseId}/actions/note`, sendJson("POST", { note: "查询计划测试" }, people.grid)],
      [`/api/v1/cases/${caseId}/actions/escalate`, sendJson("POST", {}, people.grid)],
      ["/api/v1/cases/similar?station_code=JH0501V&category=safety_hazard", { headers: people.grid }],
      ["/api/v1/cases?overdue=true", { headers: people.grid }],
      ["/api/v1/cases?station=JH0501V&created_after=2020-01-01T00:00:00Z", { headers: reader }],
      ["/api/v1/cases?area=jh05", { headers: reader }],
      ["/api/v1/cases?area=/xhl/jh/jh05/jh0501/jh0501-01/", { headers: reader }],
      ["/open311/v2/requests.json", undefined],
      ["/open311/v2/requests.json?updated_after=2026-01-01T00:00:00Z", undefined],
      ["/api/v1/cases?updated_after=2026-01-01T00:00:00Z", { headers: reader }],
      ["/open311/v2/requests.json?status=open&service_code=dispute", undefined],
      [`/open311/v2/requests/${caseId}.json`, undefined],
      [`/staff/cases/${caseId}`, { headers: people.community }],
      // A resident's follow-ups and the trail's names (areas on the path, dispatched departments).
      [`/api/v1/track/${trackingCode}/supplements`, sendJson("POST", { note: "查询计划测试：补充情况" })],
      [`/t/${trackingCode}/supplement`, { method: "POST", body: new URLSearchParams({ note: "查询计划测试：页面补充" }) }],
      [`/api/v1/track/${trackingCode}`, undefined],
      ["/staff/cases?overdue=true", { headers: people.grid }],
      // Every order and the search, at each kind of scope: admin (none), district (a path range),
      // street, grid, a department; and the exports' pages.
      ...(["newest", "oldest", "due", "updated"] as const).flatMap((sort): [string, RequestInit?][] => [
        [`/staff/cases?sort=${sort}&q=楼道&status=submitted`, { headers: people.admin }],
        [`/staff/cases?sort=${sort}&from=2020-01-01`, { headers: people.district }],
        [`/staff/cases?sort=${sort}&category=safety_hazard`, { headers: people.street }],
        [`/staff/cases?sort=${sort}&area=/xhl/jh/jh05/`, { headers: people.street }],
        [`/staff/cases?sort=${sort}&q=${trackingCode}`, { headers: people.grid }],
        [`/staff/cases?sort=${sort}`, { headers: people.market }],
        [`/api/v1/cases?sort=${sort}&area=jh0501&limit=3`, { headers: reader }],
      ]),
      [`/api/v1/cases?sort=due&limit=3&cursor=${dueCursor.next_cursor}`, { headers: reader }],
      [`/staff/cases?sort=updated&before=${updatedCursor.next_cursor}`, { headers: people.grid }],
      ["/staff/exports/cases.csv?sort=due", { headers: people.district }],
      ["/staff/exports/cases.xlsx?q=楼道", { headers: people.admin }],
      // 督办, its list and the ranking at each reach.
      [`/api/v1/cases/${caseId}/actions/supervise`, sendJson("POST", { reason: "查询计划测试：督办" }, people.district)],
      ["/staff/supervised", { headers: people.district }],
      ["/staff/supervised", { headers: people.grid }],
      ["/staff/supervised", { headers: people.market }],
      ["/staff/ranking?of=grid&period=month", { headers: people.district }],
      ["/staff/ranking?of=community&period=month", { headers: people.street }],
      ["/staff/ranking?of=grid", { headers: people.community }],
      ["/staff/ranking", { headers: people.grid }],
      ["/staff/ranking?of=department", { headers: people.district }],
      ["/staff/ranking", { headers: people.market }],
      [`/api/v1/cases/${caseId}/actions/lift_supervision`, sendJson("POST", {}, people.district)],
    ];
    for (const [path, init] of more) {
      const { response, log } = await recordRequest(path, init);
      expect(response.status, path).toBeLessThan(400);
      everything.push(...log.statements);
    }
    const { db, log } = recordingD1();
    await runScheduler(createDatabase(db), new Date(Date.now() + 30 * 24 * 3600_000), { photos: env.PHOTOS });
    const deliveries = await fanOut(createDatabase(db));
    expect(deliveries.length).toBeGreaterThan(5);
    await deliver(
      createDatabase(db),
      deliveries[0]!,
      { encryptionKey: env.ENCRYPTION_KEY, allowPrivateDestinations: true, send: async () => new Response(null, { status: 204 }) },
      new Date(),
    );
    everything.push(...log.statements);

    const statements = caseStatements(everything);
    expect(statements.length).toBeGreaterThan(20);
    const scans: string[] = [];
    for (const { sql, params } of statements) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      for (const { detail } of plan.results) {
        if (/^SCAN (case|case_event)\b/.test(detail) && !/USING (COVERING )?INDEX/.test(detail))
          scans.push(`${detail} ← ${sql.slice(0, 160)}`);
      }
    }
    expect(scans).toEqual([]);
  });
});

describe("the ranking", () => {
  it("groups the cases filed in the period through an index range of the period, for every object and reach", async () => {
    const queries: Recorded[] = [];
    for (const [path, headers] of [
      ["/staff/ranking?of=grid&period=custom&from=2025-12-07&to=2026-12-06", people.district],
      ["/staff/ranking?of=street", people.district],
      ["/staff/ranking?of=department&period=month", people.district],
      ["/staff/ranking?of=grid", people.street],
      ["/staff/ranking?of=grid", people.community],
      ["/staff/ranking", people.grid],
      ["/staff/ranking", people.market],
    ] as const) {
      const { response, log } = await recordRequest(path, { headers });
      expect(response.status, path).toBe(200);
      queries.push(...log.statements.filter((r) => /from "case"/.test(r.sql)));
    }
    expect(queries).toHaveLength(7);
    for (const { sql, params } of queries) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const details = plan.results.map((r) => r.detail).join("\n");
      // District-wide, the covering index; within a street, community or grid SQLite may rather take
      // that area's own index: either way a range bounded by the period.
      expect(details, sql).toMatch(
        /SEARCH case USING (COVERING INDEX case_created_rank_idx \(created_at>\? AND created_at<\?\)|INDEX case_\w+_created_idx \(\w+_id=\? AND created_at>\? AND created_at<\?\))/,
      );
      if (!/street_id" = \?|community_id" = \?|grid_id" = \?|department_id" = \?/.test(sql))
        expect(details, sql).toContain("COVERING INDEX case_created_rank_idx");
    }
  });
});

describe("the resident trail's names", () => {
  it("come from the case's own areas and dispatched departments through their indexes, without scanning", async () => {
    const { log } = await recordRequest(`/t/${trackingCode}`);
    const lookups = log.statements.filter((r) => /from "department"|inner join "area"/.test(r.sql));
    expect(lookups).toHaveLength(2);
    for (const { sql, params } of lookups) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const details = plan.results.map((r) => r.detail);
      expect(
        details.filter((d) => d.startsWith("SCAN")),
        sql,
      ).toEqual([]);
      expect(details.join("\n")).toMatch(/SEARCH case USING INDEX case_tracking_code_unique/);
    }
  });
});

describe("HSDS lookups by id", () => {
  it("take one round trip and reach station, contact and area rows through their indexes", async () => {
    const chief = await circleEntryIds({ areaId: "jh0501", role: "grid_chief", organization: "同心园社区居委会" });
    const station = await locationId("JH0501V");
    const paths = [
      `/hsds/services/${chief.hsdsServiceId}`,
      `/hsds/organizations/${chief.hsdsOrganizationId}`,
      `/hsds/service_at_locations/${serviceAtLocationId(station, chief.hsdsServiceId)}`,
      `/hsds/service_at_locations/${serviceAtLocationId(station, await stationServiceId("tea_water"))}`,
    ];
    const scans: string[] = [];
    for (const path of paths) {
      const { response, log } = await recordRequest(path);
      expect(response.status, path).toBe(200);
      expect(log.roundTrips, path).toBe(1);
      for (const { sql, params } of log.statements) {
        const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .bind(...params)
          .all<{ detail: string }>();
        // Scans of the circle's own intermediate results (subqueries, CTEs, one station's json_each) are fine.
        for (const { detail } of plan.results)
          if (/^SCAN (?!\(subquery-\d+\)|ranked\b|p\b|j VIRTUAL TABLE)/.test(detail)) scans.push(`${detail} ← ${path}`);
      }
    }
    expect(scans).toEqual([]);
    // A station service's stations and the micro-stations' organization come from the stations'
    // JSON list of services: those two read every station row (about a thousand in a district).
    for (const path of [`/hsds/services/${await stationServiceId("tea_water")}`, `/hsds/organizations/${await stationNetworkId()}`]) {
      const { response, log } = await recordRequest(path);
      expect(response.status, path).toBe(200);
      expect(log.roundTrips, path).toBe(1);
    }
  });
});
