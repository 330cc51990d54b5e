import { Buffer } from "node:buffer";
import { beforeAll, describe, expect, it } from "vitest";
import { pageOf } from "../schema/api/pagination.ts";
import { StationSchema, StationSummarySchema } from "../schema/api/station.ts";
import { expectError } from "./helpers/expect-error.ts";
import { demoDirectory, seedDemo } from "./helpers/seed.ts";
import { call, json } from "./helpers/worker.ts";

const StationPage = pageOf(StationSummarySchema, "StationPage");

beforeAll(seedDemo);

async function allCodes(query: string, limit: number) {
  const codes: string[] = [];
  let cursor: string | null = null;
  do {
    const after: string = cursor ? `&cursor=${cursor}` : "";
    const res = await call(`/api/v1/stations?limit=${limit}${query}${after}`);
    expect(res.status).toBe(200);
    const page = StationPage.parse(await res.json());
    expect(page.items.length).toBeLessThanOrEqual(limit);
    codes.push(...page.items.map((s) => s.code));
    cursor = page.next_cursor;
  } while (cursor);
  return codes;
}

describe("GET /api/v1/stations", () => {
  it("pages through every station by code, neither skipping nor repeating", async () => {
    const expected = demoDirectory()
      .stations.map((s) => s.code)
      .sort();
    for (const limit of [1, 2, 4, 100]) expect(await allCodes("", limit)).toEqual(expected);
  });

  it("filters to an area's subtree", async () => {
    expect(await allCodes("&area=jh05", 2)).toEqual(["JH0501V", "JH0501W", "JH0502V", "JH0503V"]);
    expect(await allCodes("&area=jh0501", 10)).toEqual(["JH0501V", "JH0501W"]);
    expect((await allCodes("&area=xhl", 100)).length).toBe(demoDirectory().stations.length);
  });

  it("searches name, code and address, treating % and _ literally", async () => {
    const byName = StationPage.parse(await json(await call(`/api/v1/stations?q=${encodeURIComponent("同心园")}`)));
    expect(byName.items.map((s) => s.code)).toEqual(["JH0501V", "JH0501W", "JH0502V", "JH0503V"]);
    const byCode = StationPage.parse(await json(await call("/api/v1/stations?q=JH0501")));
    expect(byCode.items.map((s) => s.code)).toEqual(["JH0501V", "JH0501W"]);
    const street = demoDirectory().stations[0]!.address.slice(9, 13);
    const byAddress = StationPage.parse(await json(await call(`/api/v1/stations?q=${encodeURIComponent(street)}`)));
    expect(byAddress.items.length).toBeGreaterThan(0);
    expect(byAddress.items.every((s) => s.address.includes(street))).toBe(true);
    const wildcard = StationPage.parse(await json(await call("/api/v1/stations?q=%25")));
    expect(wildcard.items).toEqual([]);
  });

  it("searches with a text past D1's 50-byte LIKE limit", async () => {
    const address =
      "山西省太原市杏花岭区涧河街道同心园社区和平北路一百二十三号院三号楼二单元五零一室门口东侧的路灯已经坏了好久都没有人来修理";
    const long = await call(`/api/v1/stations?q=${encodeURIComponent(address)}`);
    expect(long.status).toBe(200);
    expect(StationPage.parse(await json(long)).items).toEqual([]);
    // Twenty characters are sixty bytes: a LIKE pattern D1 refuses, answered 500 before.
    const twenty = address.slice(0, 20);
    expect(Buffer.byteLength(`%${twenty}%`)).toBe(62);
    const shorter = await call(`/api/v1/stations?q=${encodeURIComponent(twenty)}`);
    expect(shorter.status).toBe(200);
    expect(StationPage.parse(await json(shorter)).items).toEqual([]);
  });

  it("answers 404 for an unknown area and 400 for bad parameters", async () => {
    const unknown = await expectError(await call("/api/v1/stations?area=zz01"), 404, "not_found");
    expect(unknown.message).toContain("zz01");
    await expectError(await call("/api/v1/stations?limit=0"), 400, "validation_failed");
    await expectError(await call("/api/v1/stations?active=maybe"), 400, "validation_failed");
    await expectError(await call(`/api/v1/stations?q=${"x".repeat(201)}`), 400, "validation_failed");
  });
});

describe("GET /api/v1/stations/{code}", () => {
  it("returns the article's station with its areas and links", async () => {
    const res = await call("/api/v1/stations/JH0501V");
    expect(res.status).toBe(200);
    const station = StationSchema.parse(await res.json());
    expect(station).toMatchObject({
      code: "JH0501V",
      name: "同心园社区第1网格党群服务微站",
      grid_id: "jh0501",
      area_path: "/xhl/jh/jh05/jh0501/",
      active: true,
      links: {
        page: "/s/JH0501V",
        qr: "/s/JH0501V/qr.svg",
        poster: "/s/JH0501V/poster",
        circle: "/api/v1/stations/JH0501V/circle",
      },
    });
    expect(station.services).toEqual(expect.arrayContaining(["social_security_agency", "tea_water", "phone_charging"]));
    expect(station.areas.map((a) => a.name)).toEqual(["杏花岭区", "涧河街道", "同心园社区", "同心园社区第1网格"]);
    expect(station.opening_hours.length).toBeGreaterThan(0);
  });

  it("answers 404 for an unknown code and 400 for a malformed one", async () => {
    const missing = await expectError(await call("/api/v1/stations/JH9999V"), 404, "not_found");
    expect(missing.message).toContain("JH9999V");
    await expectError(await call("/api/v1/stations/jh0501v"), 400, "validation_failed");
  });
});
