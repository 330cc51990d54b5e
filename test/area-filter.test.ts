import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "./helpers/seed.ts";
import { call, json, keyHeaders } from "./helpers/worker.ts";

let reader: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  reader = await keyHeaders("directory:read", "cases:read");
});

// One answer for an area filter that names no area, wherever the filter is: 404 naming it.
describe("an unknown area filter", () => {
  const lists = ["/api/v1/stations?area=", "/api/v1/cases?area=", "/api/v1/stats?area=", "/api/v1/contacts?area=", "/api/v1/areas?parent="];

  it.each(lists)("is 404 not_found on %s", async (list) => {
    const res = await call(`${list}jh9999`, { headers: reader });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: { code: "not_found", message: "There is no area jh9999." } });
  });

  it.each(lists)("is answered with a page on %s when the area is there", async (list) => {
    const res = await call(`${list}jh05`, { headers: reader });
    expect(res.status).toBe(200);
  });

  it("leaves an area without children an empty page, and an area without such contacts an empty page", async () => {
    expect(await json(await call("/api/v1/areas?parent=jh0501-01"))).toEqual({ items: [], next_cursor: null });
    const res = await call("/api/v1/contacts?area=jh0501-01&role=gas", { headers: reader });
    expect(res.status).toBe(200);
    expect((await json(res)).items).toEqual([]);
  });
});
