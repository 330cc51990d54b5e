import type { Context } from "hono";

/**
 * The address of the client as the platform saw it: Cloudflare sets `cf-connecting-ip` on every
 * request (a client cannot forge it there). Rate limits and sign-in locks key on it.
 */
export function clientAddress(c: Context): string {
  return c.req.header("cf-connecting-ip") ?? "local";
}
