import type { IncomingMessage } from "node:http";

/**
 * The client's address as the platform gives it: the app reads `cf-connecting-ip`, which
 * Cloudflare sets and a client cannot forge there; here the server sets it the same way, over
 * whatever the client sent. Behind nginx (`trustProxy`) the address is nginx's X-Real-IP.
 *
 * Set on the request's own headers rather than on a copy of the request: copying made
 * @hono/node-server build a full Request (and stream a form's body through it) for every call, a
 * twentieth of a tracking page's CPU (bench/RESULTS.md). A request's headers may be changed by
 * the server that received it (their guard is "request"; this header is not a forbidden one).
 */
export function withClientAddress(request: Request, incoming: IncomingMessage, trustProxy: boolean): Request {
  const forwarded = trustProxy ? incoming.headers["x-real-ip"] : undefined;
  const address = (typeof forwarded === "string" && forwarded) || incoming.socket.remoteAddress || "local";
  request.headers.set("cf-connecting-ip", address.replace(/^::ffff:/, ""));
  return request;
}
