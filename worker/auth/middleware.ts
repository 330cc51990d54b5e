import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { ApiScope } from "../../schema/constants.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { clientAddress } from "../routes/client-address.ts";
import { authenticateApiKey } from "./api-key.ts";
import { ANONYMOUS, hasScope } from "./principal.ts";
import { SESSION_COOKIE, staffForSession } from "./session.ts";

/**
 * Sets `principal` for every API request. No credentials means anonymous; credentials that do not
 * check out are refused outright rather than silently treated as anonymous.
 */
export const identify = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  if (header === undefined) {
    const token = getCookie(c, SESSION_COOKIE);
    const actor = token ? await staffForSession(c.get("db"), token) : null;
    c.set("principal", actor ? { kind: "staff", actor } : ANONYMOUS);
    return next();
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const principal = match?.[1] ? await authenticateApiKey(c.get("db"), match[1]) : null;
  if (!principal) {
    throw new ApiError("unauthorized", "The API key is malformed, unknown or revoked.", {
      headers: { "WWW-Authenticate": 'Bearer realm="gridstation"' },
    });
  }
  c.set("principal", principal);
  return next();
});

/** Guards an operation with a scope: 401 without credentials, 403 with credentials that lack it. */

/** Staff-only operations (the workflow actions): API keys file and read cases but do not work them. */
export const requireStaff = createMiddleware<AppEnv>(async (c, next) => {
  const principal = c.get("principal");
  if (principal.kind === "anonymous") throw new ApiError("unauthorized", "Sign in as staff to take workflow actions.");
  if (principal.kind !== "staff") throw new ApiError("forbidden", "Workflow actions are taken by staff, not API keys.");
  return next();
});

export function requireScope(scope: ApiScope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get("principal");
    if (principal.kind === "anonymous") {
      throw new ApiError("unauthorized", `This operation needs a staff sign-in or an API key with the scope ${scope}.`, {
        headers: { "WWW-Authenticate": 'Bearer realm="gridstation"' },
      });
    }
    if (!hasScope(principal, scope)) {
      throw new ApiError("forbidden", `These credentials lack the scope ${scope}.`, { details: { required: scope } });
    }
    return next();
  });
}

/** Calls per API key a minute (per client address for anonymous calls); 429 with Retry-After beyond. */
export const limitApiCalls = createMiddleware<AppEnv>(async (c, next) => {
  const principal = c.get("principal");
  const key =
    principal.kind === "api_key"
      ? `key:${principal.keyId}`
      : principal.kind === "staff"
        ? `staff:${principal.actor.id}`
        : `ip:${clientAddress(c)}`;
  const { success } = await c.get("services").limiters.api.limit({ key });
  if (!success) throw new ApiError("rate_limited", "Too many requests; slow down and retry after a minute.", { retryAfterSeconds: 60 });
  return next();
});
