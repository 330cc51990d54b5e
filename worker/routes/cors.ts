import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { ConfigError, configOf } from "../config.ts";
import type { AppEnv } from "../env.ts";

/**
 * Which answers a web app on another origin may read from a browser (CORS):
 * - the public reads (the directory's public GETs, case tracking, HSDS, Open311's GETs and its
 *   discovery, the OpenAPI document) by any origin, as long as no key is sent;
 * - every other call to the API and Open311 (a key sent, a write) only by the origins that
 *   CORS_ORIGINS lists;
 * - staff and resident pages by none.
 * Credentials (the staff session cookie) are never allowed across origins.
 */
const PUBLIC_READS = [
  /^\/openapi\.json$/,
  /^\/api\/v1\/(areas|stations|departments)(\/|$)/,
  /^\/api\/v1\/track\/[^/]+$/,
  /^\/hsds(\/|$)/,
  /^\/open311(\/|$)/,
];
const CROSS_ORIGIN_CALLS = /^\/(api|open311)\//;
const READS = ["GET", "HEAD"];

/** What the browser may read of an answer besides the body (paging, revisions, retries). */
const exposeHeaders = ["ETag", "Location", "Retry-After", "Idempotent-Replayed", "Link"];

const anyOrigin = cors({ origin: "*", allowMethods: READS, allowHeaders: ["Accept", "If-None-Match"], exposeHeaders, maxAge: 86400 });

/** The listed origins; none while the settings are refused (the services answer 503 and say why). */
function listed(env: AppEnv["Bindings"]): string[] {
  try {
    return configOf(env).corsOrigins;
  } catch (error) {
    if (error instanceof ConfigError) return [];
    throw error;
  }
}

const listedOrigins = cors({
  origin: (origin, c) => (listed(c.env).includes(origin) ? origin : null),
  allowMethods: ["GET", "HEAD", "POST", "PATCH", "DELETE"],
  allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "If-Match", "Accept"],
  exposeHeaders,
  maxAge: 600,
});

/** The method a preflight asks about, or the request's own. */
const methodOf = (c: Context) =>
  c.req.method === "OPTIONS" ? (c.req.header("access-control-request-method") ?? "").toUpperCase() : c.req.method;

/** A key in the request, or one a preflight announces. */
const sendsKey = (c: Context) =>
  c.req.header("authorization") !== undefined ||
  /(^|,)\s*authorization\s*(,|$)/i.test(c.req.header("access-control-request-headers") ?? "");

export const crossOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const path = c.req.path;
  if (READS.includes(methodOf(c)) && !sendsKey(c) && PUBLIC_READS.some((pattern) => pattern.test(path))) return anyOrigin(c, next);
  if (CROSS_ORIGIN_CALLS.test(path)) return listedOrigins(c, next);
  return next();
};
