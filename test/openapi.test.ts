import { describe, expect, it } from "vitest";
import { REFERENCE_SCRIPT } from "../worker/routes/docs.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, json, keyHeaders, sendJson } from "./helpers/worker.ts";

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
}
interface Operation {
  operationId?: string;
  responses: Record<string, { headers?: Record<string, unknown> }>;
  security?: Record<string, string[]>[];
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { example?: unknown }> };
}

async function operations() {
  const doc = await json(await call("/openapi.json"));
  return Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, id: `${method.toUpperCase()} ${path}`, op })),
  );
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document of every operation, each naming its failures", async () => {
    const res = await call("/openapi.json");
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("GridStation API");
    expect(doc.servers).toEqual([{ url: "http://gridstation.test" }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ id: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.map((o) => o.id).sort()).toEqual([
      "DELETE /api/v1/contacts/{id}",
      "DELETE /api/v1/stations/{code}",
      "DELETE /api/v1/webhooks/{id}",
      "GET /api/v1/areas",
      "GET /api/v1/areas/{id}",
      "GET /api/v1/cases",
      "GET /api/v1/cases/similar",
      "GET /api/v1/cases/{id}",
      "GET /api/v1/cases/{id}/events",
      "GET /api/v1/contacts",
      "GET /api/v1/departments",
      "GET /api/v1/events",
      "GET /api/v1/stations",
      "GET /api/v1/stations/{code}",
      "GET /api/v1/stations/{code}/circle",
      "GET /api/v1/stats",
      "GET /api/v1/track/{tracking_code}",
      "GET /api/v1/webhooks",
      "GET /api/v1/webhooks/{id}",
      "GET /api/v1/webhooks/{id}/deliveries",
      "PATCH /api/v1/contacts/{id}",
      "PATCH /api/v1/stations/{code}",
      "POST /api/v1/cases",
      "POST /api/v1/cases/{id}/actions/{action}",
      "POST /api/v1/contacts",
      "POST /api/v1/stations",
      "POST /api/v1/track/{tracking_code}/feedback",
      "POST /api/v1/track/{tracking_code}/supplements",
      "POST /api/v1/track/{tracking_code}/urge",
      "POST /api/v1/webhooks",
    ]);
    expect(doc.components.securitySchemes.staffSession).toMatchObject({ type: "apiKey", in: "cookie", name: "gs_session" });
    for (const { id, op } of operations) {
      expect(op.summary, id).toBeTruthy();
      expect(Object.keys(op.responses), id).toEqual(expect.arrayContaining(["400", "500"]));
      if (op.security?.length) expect(Object.keys(op.responses), id).toEqual(expect.arrayContaining(["401", "403"]));
      if (id.includes("{")) expect(Object.keys(op.responses), id).toContain("404");
    }
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain("validation_failed");
  });

  it("names every operation for SDKs, once each", async () => {
    const ops = await operations();
    const ids = ops.map(({ op }) => op.operationId);
    for (const { id, op } of ops) expect(op.operationId, id).toMatch(/^[a-z][A-Za-z]+$/);
    expect(new Set(ids).size).toBe(ops.length);
    const byId = Object.fromEntries(ops.map(({ id, op }) => [id, op.operationId]));
    expect(byId["GET /api/v1/stations"]).toBe("listStations");
    expect(byId["GET /api/v1/stations/{code}"]).toBe("getStation");
    expect(byId["POST /api/v1/cases"]).toBe("createCase");
  });

  it("states security on every operation: [] on the public ones", async () => {
    const doc = await json(await call("/openapi.json"));
    expect(doc.security).toBeUndefined();
    const ops = await operations();
    for (const { id, op } of ops) expect(Array.isArray(op.security), id).toBe(true);
    const open = ops.filter(({ op }) => op.security?.length === 0).map(({ id }) => id);
    expect(open.sort()).toEqual([
      "GET /api/v1/areas",
      "GET /api/v1/areas/{id}",
      "GET /api/v1/departments",
      "GET /api/v1/stations",
      "GET /api/v1/stations/{code}",
      "GET /api/v1/stations/{code}/circle",
      "GET /api/v1/track/{tracking_code}",
      "POST /api/v1/track/{tracking_code}/feedback",
      "POST /api/v1/track/{tracking_code}/supplements",
      "POST /api/v1/track/{tracking_code}/urge",
    ]);
    expect(doc.info.license.name).toBeTruthy();
  });

  it("declares 429 rate_limited with Retry-After on every operation (all are behind the limiter), and 503 where the work can fail for a moment", async () => {
    for (const { id, op } of await operations()) {
      expect(op.responses["429"]?.headers, id).toHaveProperty("Retry-After");
    }
    const unavailable = (await operations()).filter(({ op }) => op.responses["503"]);
    expect(unavailable.map(({ id }) => id).sort()).toEqual(["POST /api/v1/cases", "POST /api/v1/track/{tracking_code}/supplements"]);
    for (const { op } of unavailable) expect(op.responses["503"]?.headers).toHaveProperty("Retry-After");
  });

  it("shows an example with every request body", async () => {
    const withBody = (await operations()).filter(({ op }) => op.requestBody);
    expect(withBody.length).toBeGreaterThan(5);
    for (const { id, op } of withBody) {
      for (const [type, media] of Object.entries(op.requestBody!.content)) expect(media.example, `${id} ${type}`).toBeDefined();
    }
  });
});

describe("the document's required headers", () => {
  it("are the ones an API key is refused without: Idempotency-Key on filing a case", async () => {
    await seedDemo();
    const headers = await keyHeaders("cases:write", "directory:write");
    const required = (await operations()).flatMap(({ method, path, op }) =>
      (op.parameters ?? []).filter((p) => p.in === "header" && p.required).map((p) => ({ method, path, op, name: p.name })),
    );
    expect(required.map(({ method, path, name }) => `${method} ${path} ${name}`)).toEqual(["POST /api/v1/cases idempotency-key"]);
    for (const { method, path, op, name } of required) {
      const example = Object.values(op.requestBody?.content ?? {})[0]?.example;
      const without = await call(path, sendJson(method, example, headers));
      expect(without.status).toBe(400);
      expect((await json(without)).error.details).toEqual([{ path: name, message: "required for API keys" }]);
      // The same body with the header is taken: the example is a body the API files.
      const withKey = await call(path, sendJson(method, example, { ...headers, [name]: crypto.randomUUID() }));
      expect(withKey.status).toBe(201);
    }
  });
});

describe("GET /docs", () => {
  it("serves the reference with scripts from this origin only", async () => {
    const res = await call("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<script src="${REFERENCE_SCRIPT}"`);
    const sources = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((s) => /^(https?:)?\/\//.test(s ?? ""))).toEqual([]);
    expect(html).toMatch(/"withDefaultFonts":\s*false/);
    expect(html).toMatch(/"url":\s*"\/openapi.json"/);
  });
});
