import { describe, expect, it } from "vitest";
import { REFERENCE_SCRIPT } from "../worker/routes/docs.ts";
import { call, json } from "./helpers/worker.ts";

type Operation = { responses: Record<string, unknown>; security?: unknown[]; summary?: string };

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
      if (op.security) expect(Object.keys(op.responses), id).toEqual(expect.arrayContaining(["401", "403"]));
      if (id.includes("{")) expect(Object.keys(op.responses), id).toContain("404");
    }
    expect(doc.components.schemas.Error.properties.error.properties.code.enum).toContain("validation_failed");
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
