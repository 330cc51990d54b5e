import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { count, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { contact } from "../schema/contact.ts";
import { station } from "../schema/station.ts";
import { stationPage, stationPageHtml } from "../schema/station-page.ts";
import worker from "../worker/index.ts";
import { readyPages } from "../worker/resident/ready-pages.tsx";
import { livePageQuery, pageVersion } from "../worker/resident/station-page-store.ts";
import { recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, db, json, keyHeaders, sendJson } from "./helpers/worker.ts";

// Each test looks at a station no other test here has shown: the isolate keeps pages it served.

let writer: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  writer = await keyHeaders("directory:write");
});

async function readyRows() {
  return db().select().from(stationPage).orderBy(stationPage.code);
}

async function activeCodes() {
  return (await db().select({ code: station.code }).from(station).where(eq(station.active, true)).orderBy(station.code)).map((s) => s.code);
}

async function livePage(code: string) {
  const query = livePageQuery(db()).prepare();
  const [row] = await query.all({ code });
  return row?.data ?? null;
}

async function cron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("ready station pages", () => {
  it("are stored for every active station when the directory is loaded, as the live query builds them", async () => {
    const rows = await readyRows();
    expect(rows.map((r) => r.code)).toEqual(await activeCodes());
    const version = pageVersion(db());
    for (const row of rows) {
      expect(row.version).toBe(version);
      expect(JSON.parse(row.data)).toEqual(JSON.parse((await livePage(row.code))!));
    }
    const page = JSON.parse(rows.find((r) => r.code === "JH0501V")!.data);
    expect(page.station).toMatchObject({ code: "JH0501V", gridId: "jh0501", areaPath: "/xhl/jh/jh05/jh0501/" });
    expect(page.areas.map((a: { level: string }) => a.level)).toEqual(["district", "street", "community", "grid"]);
    expect(page.microGrids.length).toBeGreaterThan(0);
    expect(page.circle.length).toBeGreaterThan(0);
  });

  it("render a station's page once from its ready row, keep the HTML beside it, and serve it from there with one key lookup", async () => {
    const first = await recordRequest("/s/JH0101V");
    expect(first.response.status).toBe(200);
    const page = await first.response.text();
    expect(page).toContain("JH0101V");
    expect(first.log.statements).toHaveLength(2);
    expect(first.log.statements[0]!.sql).toContain('"station_page"');
    expect(first.log.statements[0]!.sql).not.toContain("contact");
    expect(first.log.statements[1]!.sql).toMatch(/insert into "station_page_html"/i);
    const stored = await db().select().from(stationPageHtml).where(eq(stationPageHtml.code, "JH0101V"));
    expect(stored.map((r) => r.variant)).toEqual(["zh"]);
    expect(stored[0]!.html).not.toContain(/name="token" value="([^"]+)"/.exec(page)![1]);
    // Another isolate (this one's memory emptied): the stored HTML, no rendering, the same bytes.
    readyPages.clear();
    const again = await recordRequest("/s/JH0101V");
    expect(again.log.roundTrips).toBe(1);
    expect(again.log.statements).toHaveLength(1);
    expect(await again.response.text()).toBe(page);
  });

  it("never serve HTML made from a ready row that has since changed", async () => {
    // The last station: no other test here shows it.
    const [last] = await db().select().from(station).where(eq(station.active, true)).orderBy(desc(station.code)).limit(1);
    await recordRequest(`/s/${last!.code}`);
    expect(await db().select().from(stationPageHtml).where(eq(stationPageHtml.code, last!.code))).toHaveLength(1);
    await db().update(contact).set({ name: "后来的网格长" }).where(eq(contact.areaId, last!.gridId));
    await cron();
    readyPages.clear();
    const { response } = await recordRequest(`/s/${last!.code}`);
    expect(await response.text()).toContain("后来的网格长");
  });

  it("answer an unknown code with a 404 after that one lookup", async () => {
    const { response, log } = await recordRequest("/s/ZZ9999V");
    expect(response.status).toBe(404);
    expect(log.roundTrips).toBe(1);
  });

  it("are emptied by a change made outside the worker; the page is computed until the cron stores them again", async () => {
    await db().update(contact).set({ name: "新网格长" }).where(eq(contact.areaId, "jh0102"));
    expect(await readyRows()).toEqual([]);
    const { response, log } = await recordRequest("/s/JH0102V");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("新网格长");
    expect(log.roundTrips).toBe(2);
    await cron();
    const rows = await readyRows();
    expect(rows.map((r) => r.code)).toEqual(await activeCodes());
    expect(rows.find((r) => r.code === "JH0102V")!.data).toContain("新网格长");
  });

  it("are stored again in the same batch as a directory write through the API", async () => {
    const [target] = await db().select().from(contact).where(eq(contact.areaId, "jh0201")).limit(1);
    const res = await call(`/api/v1/contacts/${target!.id}`, sendJson("PATCH", { name: "改过的名字" }, writer));
    expect(res.status).toBe(200);
    const rows = await readyRows();
    expect(rows.map((r) => r.code)).toEqual(await activeCodes());
    expect(rows.find((r) => r.code === "JH0201V")!.data).toContain("改过的名字");
    expect(await (await call("/s/JH0201V")).text()).toContain("改过的名字");
  });

  it("leave out a deactivated station, whose page is gone", async () => {
    const res = await call("/api/v1/stations/JH0301V", sendJson("PATCH", { active: false }, writer));
    expect((await json(res)).active).toBe(false);
    expect((await readyRows()).map((r) => r.code)).not.toContain("JH0301V");
    expect((await call("/s/JH0301V")).status).toBe(404);
  });

  it("written by another build are never read, and are replaced by the next refill", async () => {
    const bogus = JSON.stringify({ station: { code: "JH0401V", name: "旧版本的页面" }, areas: [], circle: [], microGrids: [] });
    await db().update(stationPage).set({ version: "older", data: bogus }).where(eq(stationPage.code, "JH0401V"));
    const html = await (await call("/s/JH0401V")).text();
    expect(html).not.toContain("旧版本的页面");
    expect(html).toContain("JH0401V");
    await cron();
    const [row] = await db().select().from(stationPage).where(eq(stationPage.code, "JH0401V"));
    expect(row!.version).toBe(pageVersion(db()));
    const [{ n }] = (await db().select({ n: count() }).from(stationPage)) as [{ n: number }];
    expect(n).toBe((await activeCodes()).length);
  });
});
