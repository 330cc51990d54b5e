import type { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { AppEnv } from "../env.ts";

/** Where scripts/copy-assets.ts puts the reference's browser bundle (served by Workers assets). */
export const REFERENCE_SCRIPT = "/docs/assets/scalar-api-reference.js";

/** `GET /openapi.json` (OpenAPI 3.1) and `GET /docs`, an interactive reference loading nothing from other hosts. */
export function mountDocs(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key made with `npm run admin -- api-key create`; its scopes decide what it may do.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "staffSession", {
    type: "apiKey",
    in: "cookie",
    name: "gs_session",
    description: "A staff member's session, set by signing in at /staff/login.",
  });
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "GridStation API",
      version: "1.0.0",
      description:
        "The district directory (areas, micro-stations and their ten-minute livelihood circles, departments) " +
        "and its cases. Errors always answer `{error: {code, message, details}}`. Every operation is rate limited " +
        "(429 `rate_limited` with `Retry-After`); public ones need no credentials (`security: []`).",
      // GridStation is the district's own software, published under no open licence.
      license: { name: "Proprietary: the district's terms of use", identifier: "LicenseRef-GridStation-Proprietary" },
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));
  app.get(
    "/docs",
    Scalar({
      url: "/openapi.json",
      pageTitle: "GridStation API",
      cdn: REFERENCE_SCRIPT,
      // Users are in mainland China: no fonts, proxy or telemetry from third-party hosts.
      withDefaultFonts: false,
      telemetry: false,
      hideClientButton: true,
      showDeveloperTools: "never",
      mcp: { disabled: true },
    }),
  );
}
