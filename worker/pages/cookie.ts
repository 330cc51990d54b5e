import type { Context } from "hono";

/** Secure cookies everywhere but plain-HTTP local development. */
export function secure(c: Context) {
  return new URL(c.req.url).protocol === "https:";
}
