import { describe, expect, it } from "vitest";
import { call } from "./helpers/worker.ts";

describe("GET /healthz", () => {
  it("answers 200 ok as plain text", async () => {
    const res = await call("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("ok");
  });
});
