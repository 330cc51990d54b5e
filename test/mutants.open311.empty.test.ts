import { beforeAll, describe, expect, it } from "vitest";
import { issueApiKey } from "../worker/auth/api-key.ts";
import { call, db } from "./helpers/worker.ts";

// This file's database has no directory loaded: no district, no stations.
let writeKey: string;

beforeAll(async () => {
  ({ key: writeKey } = await issueApiKey(db(), "open311 empty writer", ["cases:write", "cases:read"]));
});

describe("open311 before the directory is loaded", () => {
  it("still answers to its configured jurisdiction, with nothing in it", async () => {
    const res = await call("/open311/v2/requests.json?jurisdiction_id=xhl");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
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
