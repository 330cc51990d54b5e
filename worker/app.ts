import { createMiddleware } from "hono/factory";
import { ConfigError } from "./config.ts";
import type { AppEnv } from "./env.ts";
import { hsdsSurface } from "./hsds/routes.ts";
import { open311Surface } from "./open311/routes.ts";
import { pageNotFound, pagesFailed } from "./pages/errors.tsx";
import { pageSecurityHeaders } from "./pages/headers.ts";
import { withLang } from "./pages/lang.ts";
import { residentSurface } from "./resident/index.ts";
import { readyStationPages } from "./resident/ready-pages.tsx";
import { createRouter } from "./router.ts";
import { crossOrigin } from "./routes/cors.ts";
import { mountDocs } from "./routes/docs.ts";
import { apiSurface } from "./routes/index.ts";
import { type Services, servicesOf } from "./services.ts";
import { staffSurface } from "./staff/routes/index.ts";
import { wakeAfterCaseWrites } from "./webhooks/announce.ts";

/** The services, made once per environment; a misconfigured environment answers 503, saying why in the log. */
const withServices = createMiddleware<AppEnv>(async (c, next) => {
  let services: Services;
  try {
    services = servicesOf(c.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(JSON.stringify({ msg: "configuration refused", error: error.message }));
    return c.text("GridStation is not configured (see the server log).", 503, { "retry-after": "300" });
  }
  c.set("services", services);
  c.set("db", services.db);
  await next();
});

/**
 * The app: five surfaces, each its own router with its own error handler and its own answer for
 * an unknown address (the API and HSDS in the JSON envelope, Open311 in its own shape, the
 * resident portal and the staff workspace as pages).
 */
export function createApp() {
  const app = createRouter();

  // The benchmark ceiling: keep it ahead of every middleware.
  app.get("/healthz", (c) => c.text("ok"));
  // Whether D1 answers, for uptime checks; also the bench's floor: one round trip and no work
  // (the binding itself: a probe of the platform, ahead of the services and their configuration).
  app.get("/healthz/db", async (c) => {
    try {
      await c.env.DB.prepare("SELECT 1").first();
      return c.text("ok", 200, { "cache-control": "no-store" });
    } catch (error) {
      console.error("healthz/db", error);
      return c.text("database unavailable", 503, { "cache-control": "no-store", "retry-after": "30" });
    }
  });

  // A plain scan of a station page this isolate holds ready: its bytes as they were sent before.
  app.use(readyStationPages);

  // Every answer below: the visitor's language (pages, error pages included) and the security
  // headers (JSON and XML carry them harmlessly; the API reference at /docs runs its own script).
  // A plain test of the path, not hono/combine's except(): that composes its middleware anew on
  // every request, a few percent of a tracking page's CPU on Node.
  app.use(withLang, (c, next) => (c.req.path === "/docs" ? next() : pageSecurityHeaders(c, next)));
  // Ahead of the documents and every surface: a preflight is answered here, before any limiter.
  app.use(crossOrigin);
  // The API's documents describe the code, not the district: no services needed (the typed
  // client is generated from /openapi.json without any).
  mountDocs(app);
  // Every surface: the platform's services, and the webhook fan-out woken after any write that
  // appended case events.
  app.use(withServices, wakeAfterCaseWrites);

  app.route("/", apiSurface()).route("/", open311Surface()).route("/", hsdsSurface());
  app.route("/", residentSurface()).route("/", staffSurface());

  // Any other address is a page's, mistyped.
  app.notFound((c) => pageNotFound(c));
  app.onError(pagesFailed);
  return app;
}
