import { bodyLimit } from "hono/body-limit";
import { except } from "hono/combine";
import { createMiddleware } from "hono/factory";
import { identify, limitApiCalls } from "./auth/middleware.ts";
import { ConfigError } from "./config.ts";
import type { AppEnv } from "./env.ts";
import { ApiError, errorResponse, handleError } from "./errors.ts";
import { hsdsRoutes } from "./hsds/routes.ts";
import { open311Routes } from "./open311/routes.ts";
import { pageError, pageNotFound } from "./pages/errors.tsx";
import { pageETag, pageSecurityHeaders } from "./pages/headers.ts";
import { withLang } from "./pages/lang.ts";
import { MAX_PHOTO_BYTES } from "./photos/clean.ts";
import { homePages } from "./resident/home.tsx";
import { stationPages } from "./resident/station.tsx";
import { trackPages } from "./resident/track.tsx";
import { createRouter } from "./router.ts";
import { areas } from "./routes/areas/index.ts";
import { cases } from "./routes/cases/index.ts";
import { contacts } from "./routes/contacts/index.ts";
import { departments } from "./routes/departments/index.ts";
import { mountDocs } from "./routes/docs.ts";
import { events } from "./routes/events/index.ts";
import { stations } from "./routes/stations/index.ts";
import { stats } from "./routes/stats/index.ts";
import { track } from "./routes/track/index.ts";
import { webhooks } from "./routes/webhooks/index.ts";
import { type Services, servicesOf } from "./services.ts";
import { loginPages } from "./staff/routes/login.tsx";
import { securityPages } from "./staff/routes/security.tsx";
import { workspacePages } from "./staff/routes/workspace.tsx";
import { announceCaseWrites } from "./webhooks/announce.ts";

/** The services, made once per environment; a misconfigured environment answers 503, saying why in the log. */
const withDatabase = createMiddleware<AppEnv>(async (c, next) => {
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

const JSON_BODY_LIMIT = 64 * 1024;

/** Machine-facing paths answer errors in JSON (Open311 in its own shape); the rest with a page. */
function isApiPath(path: string) {
  return (
    path.startsWith("/api/") || path.startsWith("/open311/") || path === "/hsds" || path.startsWith("/hsds/") || path === "/openapi.json"
  );
}

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

  // Every page, error pages included, reads the visitor's language from here and carries the
  // pages' security headers (the API reference at /docs runs its own script, so not there).
  app.use(
    withLang,
    except((c) => isApiPath(c.req.path) || c.req.path === "/docs", pageSecurityHeaders),
  );

  app.use(
    "/api/*",
    bodyLimit({
      maxSize: JSON_BODY_LIMIT,
      onError: (c) => errorResponse(c, new ApiError("payload_too_large", "JSON bodies are limited to 64 KB.")),
    }),
    withDatabase,
    identify,
    limitApiCalls,
  );
  // Writes that may add case events wake the webhook fan-out.
  for (const path of ["/api/v1/cases", "/api/v1/cases/*", "/open311/*", "/s/*", "/t/*", "/staff/cases/*", "/staff/report"]) {
    app.on(["POST", "PATCH", "PUT"], path, announceCaseWrites);
  }
  app.route("/", areas).route("/", stations).route("/", contacts).route("/", departments);
  app.route("/", cases).route("/", track).route("/", stats).route("/", events).route("/", webhooks);

  // Open311 speaks its own error format; its bodies are small forms.
  app.use(
    "/open311/*",
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json([{ code: 413, description: "body too large" }], 413) }),
    withDatabase,
  );
  app.route("/", open311Routes());

  // The directory as Open Referral HSDS 3.0: read-only, errors in the API's envelope.
  app.use("/hsds", withDatabase, identify);
  app.use("/hsds/*", withDatabase, identify);
  app.route("/", hsdsRoutes());
  mountDocs(app);

  // The resident portal: pages, forms up to the photo limit plus the text fields.
  app.use("/s/*", bodyLimit({ maxSize: MAX_PHOTO_BYTES + 64 * 1024, onError: (c) => pageError(c, 413) }), withDatabase);
  app.use("/t/*", bodyLimit({ maxSize: 16 * 1024, onError: (c) => pageError(c, 413) }), withDatabase);
  app.use("/t", withDatabase);
  app.on("GET", "/", withDatabase, pageETag);
  app.use("/s/*", pageETag);
  app.route("/", homePages()).route("/", stationPages()).route("/", trackPages());

  // The staff workspace.
  app.use("/staff", bodyLimit({ maxSize: 64 * 1024, onError: (c) => pageError(c, 413) }), withDatabase);
  app.use("/staff/*", bodyLimit({ maxSize: 64 * 1024, onError: (c) => pageError(c, 413) }), withDatabase);
  app.route("/", loginPages()).route("/", securityPages()).route("/", workspacePages());

  app.notFound((c) =>
    isApiPath(c.req.path)
      ? errorResponse(c, new ApiError("not_found", "Nothing is at this address; /openapi.json lists what is."))
      : pageNotFound(c),
  );
  app.onError((err, c) => {
    if (isApiPath(c.req.path)) return handleError(err, c);
    console.error(JSON.stringify({ msg: "page error", path: c.req.path, error: String(err) }));
    return pageError(c);
  });
  return app;
}
