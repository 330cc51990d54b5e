// CORS: a web app on another origin reads the public directory, HSDS and Open311 from a browser;
// keyed calls and writes only from the origins CORS_ORIGINS lists; pages from none.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../worker/index.ts";
import { fileCase } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { json, keyHeaders, ORIGIN } from "./helpers/worker.ts";

const LISTED = "https://app.example.cn";
const OTHER = "https://elsewhere.example.com";
/** The worker with CORS_ORIGINS set, as a district would in wrangler.toml's [vars] or its server's environment. */
const configured = { ...env, CORS_ORIGINS: `${LISTED}, https://hotline.example.cn` };

async function fetchFrom(origin: string, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const headers = new Headers(init.headers);
  headers.set("origin", origin);
  const response = await worker.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers }), configured, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const preflight = (origin: string, path: string, method: string, requestHeaders?: string) =>
  fetchFrom(origin, path, {
    method: "OPTIONS",
    headers: { "access-control-request-method": method, ...(requestHeaders ? { "access-control-request-headers": requestHeaders } : {}) },
  });

const allowed = (res: Response) => res.headers.get("access-control-allow-origin");

let trackingCode: string;
beforeAll(async () => {
  await seedDemo();
  trackingCode = (await fileCase()).tracking_code;
});

describe("public reads", () => {
  it.each([
    "/api/v1/stations",
    "/api/v1/stations/JH0501V",
    "/api/v1/stations/JH0501V/circle",
    "/api/v1/areas?parent=jh05",
    "/api/v1/departments",
    "/hsds/services",
    "/hsds/openapi.json",
    "/open311/v2/services.json",
    "/open311/v2/discovery.json",
    "/openapi.json",
  ])("GET %s answers any origin", async (path) => {
    const res = await fetchFrom(OTHER, path);
    expect(res.status).toBe(200);
    expect(allowed(res)).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("includes case tracking by its code, and errors (a browser may read why)", async () => {
    expect(allowed(await fetchFrom(OTHER, `/api/v1/track/${trackingCode}`))).toBe("*");
    const missing = await fetchFrom(OTHER, "/api/v1/stations/JH9999V");
    expect(missing.status).toBe(404);
    expect(allowed(missing)).toBe("*");
  });

  it("answers a preflight for a GET with any origin", async () => {
    const res = await preflight(OTHER, "/api/v1/stations", "GET", "accept");
    expect(res.status).toBe(204);
    expect(allowed(res)).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET,HEAD");
  });
});

describe("keyed calls and writes", () => {
  it("are readable by a listed origin only, never with credentials", async () => {
    const key = await keyHeaders("cases:read");
    const listed = await fetchFrom(LISTED, "/api/v1/cases", { headers: key });
    expect(listed.status).toBe(200);
    expect(allowed(listed)).toBe(LISTED);
    expect(listed.headers.get("vary")).toContain("Origin");
    expect(listed.headers.get("access-control-allow-credentials")).toBeNull();
    expect(listed.headers.get("access-control-expose-headers")).toContain("Retry-After");
    const other = await fetchFrom(OTHER, "/api/v1/cases", { headers: key });
    expect(other.status).toBe(200);
    expect(allowed(other)).toBeNull();
  });

  it("a key on a public read makes it a keyed call", async () => {
    const key = await keyHeaders("directory:read");
    expect(allowed(await fetchFrom(OTHER, "/api/v1/stations", { headers: key }))).toBeNull();
    expect(allowed(await fetchFrom("https://hotline.example.cn", "/api/v1/stations", { headers: key }))).toBe("https://hotline.example.cn");
    expect(allowed(await preflight(OTHER, "/api/v1/stations", "GET", "authorization"))).toBeNull();
    expect(allowed(await preflight(LISTED, "/api/v1/stations", "GET", "authorization"))).toBe(LISTED);
  });

  it("answers the preflight of filing a case for a listed origin, with the headers the call sends", async () => {
    const res = await preflight(LISTED, "/api/v1/cases", "POST", "authorization, content-type, idempotency-key");
    expect(res.status).toBe(204);
    expect(allowed(res)).toBe(LISTED);
    expect(res.headers.get("access-control-allow-methods")?.split(",")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase().split(",")).toEqual(
      expect.arrayContaining(["authorization", "content-type", "idempotency-key"]),
    );
    expect(allowed(await preflight(OTHER, "/api/v1/cases", "POST", "authorization, content-type"))).toBeNull();
  });

  it("keeps writes without a key (tracking feedback, Open311's POST) to listed origins", async () => {
    expect(allowed(await preflight(OTHER, `/api/v1/track/${trackingCode}/feedback`, "POST", "content-type"))).toBeNull();
    expect(allowed(await preflight(LISTED, `/api/v1/track/${trackingCode}/feedback`, "POST", "content-type"))).toBe(LISTED);
    const open311 = await fetchFrom(OTHER, "/open311/v2/requests.json", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "service_code=safety_hazard",
    });
    expect(allowed(open311)).toBeNull();
  });

  it("with no CORS_ORIGINS, no origin is listed", async () => {
    const ctx = createExecutionContext();
    const request = new Request(`${ORIGIN}/api/v1/cases`, { headers: { origin: LISTED, ...(await keyHeaders("cases:read")) } });
    const res = await worker.fetch(request, { ...env, CORS_ORIGINS: "" }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(allowed(res)).toBeNull();
  });
});

describe("staff and resident pages", () => {
  it.each(["/", "/s/JH0501V", "/my", "/staff/login", "/docs"])("%s gets no CORS headers, even for a listed origin", async (path) => {
    const res = await fetchFrom(LISTED, path);
    expect(res.status).toBeLessThan(500);
    expect(allowed(res)).toBeNull();
    const pre = await preflight(LISTED, path, "POST", "content-type");
    expect(allowed(pre)).toBeNull();
  });

  it("a listed origin's preflight for a staff session's API call is answered without credentials", async () => {
    const res = await preflight(LISTED, "/api/v1/cases", "GET");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect((await json(await fetchFrom(LISTED, "/api/v1/cases"))).error.code).toBe("unauthorized");
  });
});
