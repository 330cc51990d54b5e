import { describe, expect, it } from "vitest";
import { callWith, recordRequest } from "./helpers/recording-db.ts";
import { call } from "./helpers/worker.ts";

describe("GET /healthz", () => {
  it("answers 200 ok as plain text", async () => {
    const res = await call("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("ok");
  });
});

describe("GET /healthz/db", () => {
  it("answers ok after one D1 round trip", async () => {
    const { response, log } = await recordRequest("/healthz/db");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe("ok");
    expect(log.roundTrips).toBe(1);
  });

  it("answers 503 with Retry-After when the database does not", async () => {
    const lost = () => Promise.reject(new Error("D1_ERROR: Network connection lost."));
    const broken = { prepare: () => ({ first: lost }) } as unknown as D1Database;
    const response = await callWith({ DB: broken }, "/healthz/db");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.text()).toBe("database unavailable");
  });
});
