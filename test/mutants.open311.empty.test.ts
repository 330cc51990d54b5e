import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { area } from "../schema/area.ts";
import { issueApiKey } from "../worker/auth/api-key.ts";
import { call, db } from "./helpers/worker.ts";

// This file's database has no directory loaded: no district, no stations.
let writeKey: string;

beforeAll(async () => {
  ({ key: writeKey } = await issueApiKey(db(), "open311 empty writer", ["cases:write", "cases:read"]));
});

describe("open311 before the directory is loaded", () => {
  it("serves no jurisdiction", async () => {
    const res = await call("/open311/v2/requests.json?jurisdiction_id=xhl");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual([{ code: 404, description: "jurisdiction_id xhl is not served here" }]);
  });

  it("passes the unavailable directory through as 503, not as an Open311 refusal", async () => {
    const body = new URLSearchParams({
      api_key: writeKey,
      service_code: "dispute",
      address_string: "胜利街1号",
      description: "邻居装修噪音很大",
    });
    const res = await call("/open311/v2/requests.json", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: "unavailable", message: "The directory is empty; load it before filing cases." } });
  });
});

describe("open311 jurisdiction when the district row is not the first area row", () => {
  it("serves the district that has no parent", async () => {
    // A street stored before its district, then attached to it: the district is still the top.
    await db().insert(area).values({ id: "jh", parentId: null, level: "street", name: "涧河街道", path: "/jh/" });
    await db().insert(area).values({ id: "xhl", parentId: null, level: "district", name: "杏花岭区", path: "/xhl/" });
    await db().update(area).set({ parentId: "xhl", path: "/xhl/jh/" }).where(eq(area.id, "jh"));
    const served = await call("/open311/v2/requests.json?jurisdiction_id=xhl");
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual([]);
    const street = await call("/open311/v2/requests.json?jurisdiction_id=jh");
    expect(street.status).toBe(404);
    expect(await street.json()).toEqual([{ code: 404, description: "jurisdiction_id jh is not served here" }]);
  });
});
