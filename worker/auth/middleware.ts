import { createMiddleware } from "hono/factory";
import type { ApiScope } from "../../schema/constants.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { authenticateApiKey } from "./api-key.ts";
import { ANONYMOUS, hasScope } from "./principal.ts";

/**
 * Sets `principal` for every API request. No credentials means anonymous; credentials that do not
 * check out are refused outright rather than silently treated as anonymous.
 */
export const identify = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  if (header === undefined) {
    c.set("principal", ANONYMOUS);
    return next();
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const principal = match?.[1] ? await authenticateApiKey(c.var.db, match[1]) : null;
  if (!principal) {
    throw new ApiError("unauthorized", "The API key is malformed, unknown or revoked.", {
      headers: { "WWW-Authenticate": 'Bearer realm="gridstation"' },
    });
  }
  c.set("principal", principal);
  return next();
});

/** Guards an operation with a scope: 401 without a key, 403 with a key that lacks it. */
export function requireScope(scope: ApiScope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.var.principal;
    if (principal.kind === "anonymous") {
      throw new ApiError("unauthorized", `This operation needs an API key with the scope ${scope}.`, {
        headers: { "WWW-Authenticate": 'Bearer realm="gridstation"' },
      });
    }
    if (!hasScope(principal, scope)) {
      throw new ApiError("forbidden", `This API key lacks the scope ${scope}.`, { details: { required: scope } });
    }
    return next();
  });
}
