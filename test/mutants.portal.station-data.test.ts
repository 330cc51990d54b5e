import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { contact } from "../schema/contact.ts";
import { station } from "../schema/station.ts";
import { directoryChanged } from "../worker/directory/changes.ts";
import { formToken } from "./helpers/forms.ts";
import { PHOTOS } from "./helpers/photos.ts";
import { callWith, recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db } from "./helpers/worker.ts";

// Each test looks at a station no other test here has shown: the isolate keeps the pages it served.

let codes: string[] = [];

beforeAll(async () => {
  await seedDemo();
  const rows = await db()
    .select({ code: station.code, gridId: station.gridId })
    .from(station)
    .where(eq(station.active, true))
    .orderBy(station.code);
  codes = rows.map((r) => r.code);
});

afterEach(() => vi.useRealTimers());

/** The n-th active station from the end, away from the ones other files look at. */
const stationNo = (n: number) => codes[codes.length - 1 - n]!;

let address = 0;

/** The form past the open reports of the same problem (test/portal.open-reports.test.ts has those reads). */
function reportInit(fields: Record<string, string | File>): RequestInit {
  const body = new FormData();
  for (const [name, value] of Object.entries({ confirm_new: "1", ...fields })) body.append(name, value);
  return { method: "POST", body, headers: { "cf-connecting-ip": `203.0.113.${++address}` }, redirect: "manual" };
}

async function gridOf(code: string) {
  const [row] = await db().select({ gridId: station.gridId }).from(station).where(eq(station.code, code));
  return row!.gridId;
}

describe("station page data kept in the isolate", () => {
  it("serves a page it has shown with no D1 read for a minute, even after a change made elsewhere", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-06-01T08:00:00Z") });
    const code = stationNo(0);
    const first = await recordRequest(`/s/${code}`);
    expect(first.response.status).toBe(200);
    // The ready row read, and the HTML rendered from it stored beside it.
    expect(first.log.roundTrips).toBe(2);
    await db()
      .update(contact)
      .set({ name: "外面改的名字" })
      .where(eq(contact.areaId, await gridOf(code)));
    vi.setSystemTime(new Date("2026-06-01T08:00:50Z"));
    const again = await recordRequest(`/s/${code}`);
    expect(again.response.status).toBe(200);
    expect(again.log.roundTrips).toBe(0);
    expect(await again.response.text()).not.toContain("外面改的名字");
    vi.setSystemTime(new Date("2026-06-01T08:01:01Z"));
    const later = await recordRequest(`/s/${code}`);
    expect(later.log.roundTrips).toBeGreaterThan(0);
    expect(await later.response.text()).toContain("外面改的名字");
  });

  it("answers 404 for a station deactivated between its two reads", async () => {
    const code = stationNo(1);
    // A change outside the worker empties the ready pages: the page is computed in a second read.
    await db()
      .update(contact)
      .set({ name: "又改了一次" })
      .where(eq(contact.areaId, await gridOf(code)));
    let batches = 0;
    const racing = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") {
          return async (list: D1PreparedStatement[]) => {
            if (++batches === 2) await target.prepare("UPDATE station SET active = 0 WHERE code = ?").bind(code).run();
            return target.batch(list);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const res = await callWith({ DB: racing }, `/s/${code}`);
    expect(batches).toBe(2);
    expect(res.status).toBe(404);
  });
});

describe("the report form's reads", () => {
  it("read nothing before the write when the isolate holds the station's data", async () => {
    const code = stationNo(2);
    const fields = { token: await formToken(code), category: "safety_hazard", description: "楼道里的灯一直不亮（缓存）" };
    const first = await recordRequest(`/s/${code}/report`, reportInit(fields));
    expect(first.response.status).toBe(303);
    // The first statement sent is the case's insert: neither the page nor a repeat was looked up.
    expect(first.log.statements[0]!.sql).toMatch(/^insert into "case" /);
    const second = await recordRequest(`/s/${code}/report`, reportInit(fields));
    expect(second.response.status).toBe(303);
    expect(second.response.headers.get("location")).toBe(first.response.headers.get("location"));
    expect(second.log.statements[0]!.sql).toMatch(/^insert into "case" /);
  });

  it("look for a repeat with a photo before storing anything, when the isolate holds the station's data", async () => {
    const code = stationNo(3);
    const photo = new File([PHOTOS["png-text-exif.png"]], "IMG_0003.PNG", { type: "image/png" });
    const fields = { token: await formToken(code), category: "safety_hazard", description: "井盖松动，附照片（缓存）", photo };
    const first = await recordRequest(`/s/${code}/report`, reportInit(fields));
    expect(first.response.status).toBe(303);
    const second = await recordRequest(`/s/${code}/report`, reportInit(fields));
    expect(second.response.status).toBe(303);
    expect(second.response.headers.get("location")).toBe(first.response.headers.get("location"));
    expect(second.log.roundTrips).toBe(1);
    expect(second.log.statements).toHaveLength(1);
    expect(second.log.statements[0]!.sql).toMatch(/^select/i);
    expect(second.log.statements[0]!.sql).not.toMatch(/insert/i);
  });

  it("keep the station's data they read, so that the next report reads none", async () => {
    const code = stationNo(4);
    const fields = { token: await formToken(code), category: "safety_hazard", description: "小区门口的路面塌了一块" };
    directoryChanged(); // forget the page the token came from
    const posted = await recordRequest(`/s/${code}/report`, reportInit(fields));
    expect(posted.response.status).toBe(303);
    expect(posted.log.statements[0]!.sql).toMatch(/from station ps/i);
    const again = await recordRequest(`/s/${code}/report`, reportInit({ ...fields, description: "小区门口的路面又塌了一块" }));
    expect(again.response.status).toBe(303);
    expect(again.log.statements.map((s) => s.sql).join("\n")).not.toMatch(/from station ps/i);
  });
});
