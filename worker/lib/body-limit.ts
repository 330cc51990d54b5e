import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

type Options = { maxSize: number; onError: (c: Context) => Response | Promise<Response> };

/**
 * hono/body-limit, without touching the body when the headers already answer: a GET or HEAD
 * carries none (fetch's Request refuses one), and a declared Content-Length without chunking is
 * compared as hono compares it. Asking a request for its body made @hono/node-server build a full
 * Request for every call, a twentieth of a tracking page's CPU on Node (bench/RESULTS.md).
 */
export function limitBody(options: Options): MiddlewareHandler {
  const limit = bodyLimit(options);
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined)
      return Number.parseInt(length || "0", 10) > options.maxSize ? options.onError(c) : next();
    return limit(c, next);
  };
}
