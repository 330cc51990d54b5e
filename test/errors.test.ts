import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { expectError } from "./helpers/expect-error.ts";
import { call, keyHeaders, sendJson } from "./helpers/worker.ts";

describe("the JSON error envelope", () => {
  it("answers unknown API routes with not_found, and a method the address does not answer with method_not_allowed", async () => {
    const error = await expectError(await call("/api/v1/nothing-here"), 404, "not_found");
    expect(error.message).toBe("Nothing is at this address; /openapi.json lists what is.");
    const put = await call("/api/v1/departments", { method: "PUT" });
    expect(put.headers.get("allow")).toBe("GET, HEAD");
    await expectError(put, 405, "method_not_allowed");
  });

  it("answers malformed JSON with invalid_json", async () => {
    const writer = await keyHeaders("directory:write");
    const res = await call("/api/v1/contacts", {
      method: "POST",
      headers: { ...writer, "content-type": "application/json" },
      body: '{"area_id": "jh01", ',
    });
    await expectError(res, 400, "invalid_json");
  });

  it("answers a body over 64 KB with payload_too_large before reading it", async () => {
    const writer = await keyHeaders("directory:write");
    const res = await call("/api/v1/contacts", sendJson("POST", { name: "x".repeat(70_000) }, writer));
    await expectError(res, 413, "payload_too_large");
  });

  it("answers a body that is not JSON with unsupported_media_type", async () => {
    const writer = await keyHeaders("directory:write");
    const res = await call("/api/v1/contacts", { method: "POST", headers: { ...writer, "content-type": "text/plain" }, body: "hello" });
    const error = await expectError(res, 415, "unsupported_media_type");
    expect(error.message).toBe("Send the body as application/json.");
  });

  it("refuses a malformed or unknown bearer token even on public routes", async () => {
    const res = await call("/api/v1/departments", { headers: { authorization: "Bearer not-a-key" } });
    const error = await expectError(res, 401, "unauthorized");
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="gridstation"');
    expect(error.message).toContain("API key");
    await expectError(await call("/api/v1/departments", { headers: { authorization: "Basic dXNlcjpwdw==" } }), 401, "unauthorized");
  });

  it("turns an unexpected failure into internal_error without leaking details", async () => {
    await env.DB.exec("DROP TABLE department");
    const res = await call("/api/v1/departments");
    const error = await expectError(res, 500, "internal_error");
    expect(error).toEqual({ code: "internal_error", message: "Something went wrong on our side." });
  });
});
