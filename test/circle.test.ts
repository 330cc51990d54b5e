import { beforeAll, describe, expect, it } from "vitest";
import { CircleContactSchema } from "../schema/api/contact.ts";
import { CIRCLE_ROLES } from "../schema/constants.ts";
import { resolveCircle } from "../worker/circle.ts";
import { createDatabase } from "../worker/db.ts";
import { expectError } from "./helpers/expect-error.ts";
import { recordingD1 } from "./helpers/recording-db.ts";
import { demoDirectory, seedDemo } from "./helpers/seed.ts";
import { call, db, json, keyHeaders, sendJson } from "./helpers/worker.ts";

beforeAll(seedDemo);

async function circleOf(code: string) {
  const res = await call(`/api/v1/stations/${code}/circle`);
  expect(res.status).toBe(200);
  const body = await json(res);
  expect(body.station_code).toBe(code);
  return CircleContactSchema.array().parse(body.items);
}

describe("GET /api/v1/stations/{code}/circle", () => {
  it("resolves JH0501V's circle from grid, micro-grids, community, street and district", async () => {
    const circle = await circleOf("JH0501V");
    const where = (role: string) => [...new Set(circle.filter((c) => c.role === role).map((c) => c.source_area.level))];
    expect(where("grid_chief")).toEqual(["grid"]);
    expect(where("grid_worker")).toEqual(["grid"]);
    expect(where("grid_assistant")).toEqual(["micro_grid"]);
    expect(where("community_police")).toEqual(["community"]);
    expect(where("legal_consultant")).toEqual(["community"]);
    expect(where("law_enforcement")).toEqual(["street"]);
    expect(where("market_supervision")).toEqual(["street"]);
    expect(where("power")).toEqual(["district"]);
    expect(circle.find((c) => c.role === "grid_chief")?.name).toBe("黄瑞");
    // The article: seven grid assistants, one per building.
    expect(circle.filter((c) => c.role === "grid_assistant")).toHaveLength(7);
    // Grid team first, utilities last, in the order of CIRCLE_ROLES.
    const order = circle.map((c) => CIRCLE_ROLES.indexOf(c.role));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("lets the nearest level win per role, and drops inactive contacts", async () => {
    const writer = await keyHeaders("directory:write");
    const before = await circleOf("JH0502V");
    expect(before.filter((c) => c.role === "power").map((c) => c.source_area.id)).toEqual(["xhl"]);

    const res = await call(
      "/api/v1/contacts",
      sendJson("POST", { area_id: "jh05", role: "power", name: "同心园供电服务站", phone: "0351-5550101" }, writer),
    );
    expect(res.status).toBe(201);
    const created = await json(res);

    const after = await circleOf("JH0502V");
    expect(after.filter((c) => c.role === "power").map((c) => [c.source_area.id, c.name])).toEqual([["jh05", "同心园供电服务站"]]);
    // Another community keeps the district's.
    const elsewhere = await circleOf("JH0101V");
    expect(elsewhere.filter((c) => c.role === "power").map((c) => c.source_area.id)).toEqual(["xhl"]);

    expect((await call(`/api/v1/contacts/${created.id}`, { method: "DELETE", headers: writer })).status).toBe(200);
    const restored = await circleOf("JH0502V");
    expect(restored.filter((c) => c.role === "power").map((c) => c.source_area.id)).toEqual(["xhl"]);
  });

  it("gives every demo station every role of the circle", async () => {
    const expectedRoles = CIRCLE_ROLES.filter((r) => r !== "part_time_grid_worker");
    for (const station of demoDirectory().stations) {
      const circle = await resolveCircle(db(), station.code);
      expect(new Set(circle?.map((c) => c.role)), station.code).toEqual(new Set(expectedRoles));
    }
  });

  it("answers 404 for an unknown station", async () => {
    await expectError(await call("/api/v1/stations/JH9999V/circle"), 404, "not_found");
  });

  it("reads the circle in a single statement", async () => {
    // One round trip: the station check and the circle travel in one batch.
    const { db: counting, log } = recordingD1();
    const circle = await resolveCircle(createDatabase(counting), "JH0501V");
    expect(circle?.length).toBeGreaterThan(10);
    expect(log.roundTrips).toBe(1);
    expect(log.statements).toHaveLength(2);
  });
});
