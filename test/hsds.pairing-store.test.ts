import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contact } from "../schema/contact.ts";
import { hsdsPairing } from "../schema/hsds-pairing.ts";
import { station } from "../schema/station.ts";
import { serviceAtLocationId, stationServiceId } from "../worker/hsds/ids.ts";
import { livePairingsQuery, pairingVersion } from "../worker/hsds/pairing-store.ts";
import { pairingColumns } from "../worker/hsds/pairings.ts";
import worker from "../worker/index.ts";
import { type Recorded, recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, db, json, keyHeaders, sendJson } from "./helpers/worker.ts";

let writer: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  writer = await keyHeaders("directory:write");
});

const live = () => livePairingsQuery(db());

/** The ready rows of this build, in the list's order, with what the store adds. */
const stored = () =>
  db()
    .select({ ...pairingColumns, position: hsdsPairing.position, version: hsdsPairing.version, total: hsdsPairing.total })
    .from(hsdsPairing)
    .orderBy(asc(hsdsPairing.position));

/** The ready rows hold exactly the live pairings, in order, numbered from 1, all of this build. */
async function expectReadyAsLive() {
  const [rows, expected] = await Promise.all([stored(), live()]);
  expect(expected.length).toBeGreaterThan(0);
  expect(rows.map(({ position, version, total, ...row }) => row)).toEqual(expected);
  expect(rows.map((r) => r.position)).toEqual(expected.map((_, i) => i + 1));
  expect(new Set(rows.map((r) => r.version))).toEqual(new Set([pairingVersion(db())]));
  expect(new Set(rows.map((r) => r.total))).toEqual(new Set([expected.length]));
}

async function cron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** Lists a page of service_at_locations; the same answers ready and live are compared below. */
const LISTS = [
  "/hsds/service_at_locations",
  "/hsds/service_at_locations?page=3&per_page=7",
  "/hsds/service_at_locations?page=1000&per_page=100",
  "/hsds/service_at_locations?search=JH0501V&per_page=100",
  `/hsds/service_at_locations?search=${encodeURIComponent("便民")}&page=2&per_page=5`,
  "/hsds/service_at_locations?modified_after=2025-12-31T00:00:00Z&page=2&per_page=10",
  "/hsds/service_at_locations?modified_after=2030-01-01T00:00:00Z",
];

async function answers() {
  return Promise.all(LISTS.map(async (path) => ({ path, body: await json(await call(path)) })));
}

async function explain({ sql, params }: Recorded) {
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return plan.results.map((r) => r.detail);
}

describe("ready pairings", () => {
  it("are stored when the directory is loaded, exactly the live pairings in the list's order", async () => {
    await expectReadyAsLive();
  });

  it("list a page with one round trip over a range of positions, never computing a circle", async () => {
    const { response, log } = await recordRequest("/hsds/service_at_locations?page=2&per_page=10");
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.contents).toHaveLength(10);
    expect(body.total_items).toBe((await live()).length);
    expect(log.roundTrips).toBe(1);
    for (const statement of log.statements) {
      expect(statement.sql).toContain('"hsds_pairing"');
      expect(statement.sql).not.toMatch(/\b(contact|station|area)\b/);
      const plan = await explain(statement);
      expect(plan.join("\n"), statement.sql).toMatch(/^SEARCH hsds_pairing USING INTEGER PRIMARY KEY \(rowid[=>]/);
      expect(plan.join("\n")).not.toMatch(/SCAN|MATERIALIZE|CO-ROUTINE/);
    }
  });

  it("answer a filtered list from the ready rows alone", async () => {
    const { response, log } = await recordRequest(`/hsds/service_at_locations?search=JH0501V&organization_id=${await orgOfJH0501V()}`);
    expect(response.status).toBe(200);
    expect((await json(response)).contents.length).toBeGreaterThan(0);
    expect(log.roundTrips).toBe(1);
    for (const statement of log.statements) {
      for (const detail of await explain(statement)) expect(detail).toMatch(/hsds_pairing/);
    }
  });

  it("give one service at a location by the location's index", async () => {
    const [first] = (await json(await call("/hsds/service_at_locations?search=JH0502V&per_page=1"))).contents;
    const { response, log } = await recordRequest(`/hsds/service_at_locations/${first.id}`);
    expect(response.status).toBe(200);
    expect((await json(response)).id).toBe(first.id);
    expect(log.roundTrips).toBe(1);
    const read = log.statements.find((s) => s.sql.includes('from "hsds_pairing"') && s.sql.includes("location_id"))!;
    expect((await explain(read)).join("\n")).toMatch(
      /SEARCH hsds_pairing USING INDEX hsds_pairing_location_idx \(location_id>\? AND location_id<\?\)/,
    );
    expect(log.statements.some((s) => /json_each|MIN\(depth\)/.test(s.sql))).toBe(false);
  });

  it("answer every list exactly as the live computation does", async () => {
    const ready = await answers();
    await db().delete(hsdsPairing);
    const computed = await answers();
    expect(ready).toEqual(computed);
    // Lists with entries, not only empty ones, were compared: the default, a middle page, a search, a time.
    for (const i of [0, 1, 3, 5]) expect(ready[i]!.body.contents.length, LISTS[i]).toBeGreaterThan(0);
    expect(ready[1]!.body.contents).toHaveLength(7);
    await cron();
    await expectReadyAsLive();
  });

  it("follow directory writes through the API in the same batch: a contact added, a station closed, a service dropped", async () => {
    const added = await call(
      "/api/v1/contacts",
      sendJson(
        "POST",
        { area_id: "jh0401", role: "legal_consultant", name: "钱律师", phone: "13912340077", organization: "新律所" },
        writer,
      ),
    );
    expect(added.status).toBe(201);
    await expectReadyAsLive();
    expect((await stored()).some((r) => r.code === "JH0401V" && r.organization === "新律所")).toBe(true);

    const closed = await call("/api/v1/stations/JH0301V", sendJson("PATCH", { active: false }, writer));
    expect((await json(closed)).active).toBe(false);
    await expectReadyAsLive();
    expect((await stored()).some((r) => r.code === "JH0301V")).toBe(false);

    const [before] = await db().select({ services: station.services }).from(station).where(eq(station.code, "JH0201V"));
    const [dropped, ...kept] = before!.services;
    expect(dropped).toBeDefined();
    const changed = await call("/api/v1/stations/JH0201V", sendJson("PATCH", { services: kept }, writer));
    expect(changed.status).toBe(200);
    await expectReadyAsLive();
    expect((await stored()).some((r) => r.code === "JH0201V" && r.source === "station" && r.kind === dropped)).toBe(false);
    const gone = serviceAtLocationId((await stored()).find((r) => r.code === "JH0201V")!.location_id, await stationServiceId(dropped!));
    expect((await call(`/hsds/service_at_locations/${gone}`)).status).toBe(404);
  });

  it("are emptied by a change made outside the worker; the list is computed until the cron stores them again", async () => {
    await db().update(contact).set({ organization: "改名的居委会" }).where(eq(contact.areaId, "jh0102"));
    expect(await stored()).toEqual([]);
    const { response, log } = await recordRequest("/hsds/service_at_locations?search=JH0102V&per_page=100");
    const body = await json(response);
    expect(body.contents.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).toContain("改名的居委会");
    expect(log.roundTrips).toBe(2);
    await cron();
    await expectReadyAsLive();
    expect((await stored()).some((r) => r.code === "JH0102V" && r.organization === "改名的居委会")).toBe(true);
  });

  it("written by another build are never read, and are replaced by the next refill", async () => {
    const [first] = await stored();
    await db().update(hsdsPairing).set({ version: "older", stationName: "旧版本的站名" }).where(eq(hsdsPairing.position, 1));
    const body = await json(await call("/hsds/service_at_locations?per_page=1"));
    expect(body.contents[0].location.name).toBe(first!.station_name);
    expect(body.total_items).toBe(first!.total);
    await cron();
    await expectReadyAsLive();
  });

  it("of a longer earlier build are never read past this build's total", async () => {
    const rows = await stored();
    const last = rows[rows.length - 1]!;
    await env.DB.prepare(
      `INSERT INTO hsds_pairing SELECT position + 1, 'older', total + 1, code, source, kind, service_id, organization_id,
         organization, location_id, '多出来的旧行', station_name_en, address, lat, lng, area_name, area_level, parent_name, modified
       FROM hsds_pairing WHERE position = ?`,
    )
      .bind(last.position)
      .run();
    const page = await json(await call(`/hsds/service_at_locations?per_page=100&page=${Math.ceil((last.position + 1) / 100)}`));
    expect(JSON.stringify(page)).not.toContain("多出来的旧行");
    expect(page.total_items).toBe(last.position);
    const search = await json(await call(`/hsds/service_at_locations?search=${encodeURIComponent("多出来的旧行")}`));
    expect(search.total_items).toBe(0);
  });
});

async function orgOfJH0501V() {
  const row = (await live()).find((r) => r.code === "JH0501V" && r.source === "circle")!;
  return row.organization_id!;
}
