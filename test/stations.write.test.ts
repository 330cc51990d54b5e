import { beforeAll, describe, expect, it } from "vitest";
import { StationSchema } from "../schema/api/station.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, json, keyHeaders, sendJson } from "./helpers/worker.ts";

let writer: Record<string, string>;
let reader: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  writer = await keyHeaders("directory:write");
  reader = await keyHeaders("directory:read", "cases:read");
});

const newStation = {
  code: "JH0502W",
  name: "同心园社区第2网格党群服务微站（二）",
  grid_id: "jh0502",
  address: "太原市杏花岭区胜利街12号",
  lat: 37.9,
  lng: 112.58,
  opening_hours: [{ days: [1, 2, 3, 4, 5], opens: "09:00", closes: "17:30" }],
  services: ["tea_water", "phone_charging"],
};

describe("POST /api/v1/stations", () => {
  it("creates a station under a grid (directory:write)", async () => {
    const res = await call("/api/v1/stations", sendJson("POST", newStation, writer));
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/api/v1/stations/JH0502W");
    const station = StationSchema.parse(await res.json());
    expect(station).toMatchObject({
      code: "JH0502W",
      area_path: "/xhl/jh/jh05/jh0502/",
      name_en: null,
      services: ["tea_water", "phone_charging"],
      active: true,
    });
    expect(station.areas.map((a) => a.id)).toEqual(["xhl", "jh", "jh05", "jh0502"]);
    const read = StationSchema.parse(await json(await call("/api/v1/stations/JH0502W")));
    expect(read).toEqual(station);
  });

  it("refuses a duplicate code with 409", async () => {
    const body = { ...newStation, code: "JH0501V" };
    const error = await expectError(await call("/api/v1/stations", sendJson("POST", body, writer)), 409, "conflict");
    expect(error.message).toContain("JH0501V");
  });

  it("names every invalid field, and refuses unknown ones", async () => {
    const body = { ...newStation, code: "jh1", lat: 123, opening_hours: [{ days: [8], opens: "25:00", closes: "08:00" }], status: "x" };
    const error = await expectError(await call("/api/v1/stations", sendJson("POST", body, writer)), 400, "validation_failed");
    const paths = (error.details as { path: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["code", "lat", "opening_hours.0.days.0", "opening_hours.0.opens"]));
    expect(JSON.stringify(error.details)).toContain("status");
  });

  it("requires the grid to be a grid", async () => {
    const body = { ...newStation, code: "JH0599V", grid_id: "jh05" };
    const error = await expectError(await call("/api/v1/stations", sendJson("POST", body, writer)), 400, "validation_failed");
    expect(error.details).toEqual([{ path: "grid_id", message: "jh05 is not a grid" }]);
  });

  it("needs a key with directory:write", async () => {
    await expectError(await call("/api/v1/stations", sendJson("POST", newStation)), 401, "unauthorized");
    const forbidden = await expectError(await call("/api/v1/stations", sendJson("POST", newStation, reader)), 403, "forbidden");
    expect(forbidden.details).toEqual({ required: "directory:write" });
    const badKey = { authorization: `Bearer gs_00000000_${"A".repeat(43)}` };
    await expectError(await call("/api/v1/stations", sendJson("POST", newStation, badKey)), 401, "unauthorized");
  });
});

describe("revisions: If-Match on PATCH and DELETE", () => {
  it("gives each station an ETag and refuses a change from an older one with 412", async () => {
    const got = await call("/api/v1/stations/JH0101V");
    const etag = got.headers.get("etag")!;
    expect(etag).toMatch(/^"\d+"$/);
    expect(StationSchema.parse(await got.json()).revision).toBe(Number(etag.slice(1, -1)));
    const changed = await call("/api/v1/stations/JH0101V", sendJson("PATCH", { name: "改名一次的微站" }, { ...writer, "if-match": etag }));
    expect(changed.status).toBe(200);
    const next = changed.headers.get("etag")!;
    expect(Number(next.slice(1, -1))).toBe(Number(etag.slice(1, -1)) + 1);
    const stale = await call("/api/v1/stations/JH0101V", sendJson("PATCH", { name: "从旧版本改的名字" }, { ...writer, "if-match": etag }));
    await expectError(stale, 412, "precondition_failed");
    await expectError(
      await call("/api/v1/stations/JH0101V", { method: "DELETE", headers: { ...writer, "if-match": etag } }),
      412,
      "precondition_failed",
    );
    expect(StationSchema.parse(await json(await call("/api/v1/stations/JH0101V"))).name).toBe("改名一次的微站");
    await expectError(
      await call("/api/v1/stations/JH0101V", sendJson("PATCH", { name: "乱写的标签" }, { ...writer, "if-match": "abc" })),
      412,
      "precondition_failed",
    );
    // Without If-Match the last write wins, as before.
    expect((await call("/api/v1/stations/JH0101V", sendJson("PATCH", { name: "不带版本改名" }, writer))).status).toBe(200);
  });

  it("lets exactly one of two changes from the same revision land", async () => {
    const etag = (await call("/api/v1/stations/JH0102V")).headers.get("etag")!;
    const [a, b] = await Promise.all(
      ["甲改的名字", "乙改的名字"].map((name) =>
        call("/api/v1/stations/JH0102V", sendJson("PATCH", { name }, { ...writer, "if-match": etag })),
      ),
    );
    expect([a!.status, b!.status].sort()).toEqual([200, 412]);
    const winner = [a!, b!].find((r) => r.status === 200)!;
    expect(StationSchema.parse(await json(await call("/api/v1/stations/JH0102V"))).name).toBe(
      StationSchema.parse(await winner.json()).name,
    );
  });
});

describe("PATCH and DELETE /api/v1/stations/{code}", () => {
  it("changes only the fields given", async () => {
    const res = await call("/api/v1/stations/JH0503V", sendJson("PATCH", { address: "太原市杏花岭区新建路8号" }, writer));
    expect(res.status).toBe(200);
    const station = StationSchema.parse(await res.json());
    expect(station.address).toBe("太原市杏花岭区新建路8号");
    expect(station.services.length).toBeGreaterThan(0);
    expect(station.name).toBe("同心园社区第3网格党群服务微站");
  });

  it("moves a station to another grid and its area path with it", async () => {
    const res = await call("/api/v1/stations/JH0503V", sendJson("PATCH", { grid_id: "jh0101" }, writer));
    const station = StationSchema.parse(await res.json());
    expect(station.area_path).toBe("/xhl/jh/jh01/jh0101/");
    const page = await json(await call("/api/v1/stations?area=jh01"));
    expect(page.items.map((s: { code: string }) => s.code)).toContain("JH0503V");
  });

  it("rejects an empty change and unknown stations", async () => {
    await expectError(await call("/api/v1/stations/JH0501V", sendJson("PATCH", {}, writer)), 400, "validation_failed");
    await expectError(await call("/api/v1/stations/JH9999V", sendJson("PATCH", { name: "不存在的站" }, writer)), 404, "not_found");
  });

  it("deactivates: the station leaves the list but keeps its page data", async () => {
    const res = await call("/api/v1/stations/JH0201V", { method: "DELETE", headers: writer });
    expect(res.status).toBe(200);
    expect(StationSchema.parse(await res.json()).active).toBe(false);
    const active = await json(await call("/api/v1/stations?area=jh02"));
    expect(active.items).toEqual([]);
    const inactive = await json(await call("/api/v1/stations?area=jh02&active=false"));
    expect(inactive.items.map((s: { code: string }) => s.code)).toEqual(["JH0201V"]);
    await expectError(await call("/api/v1/stations/JH0201V", { method: "DELETE" }), 401, "unauthorized");
  });
});
