import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../env.ts";
import { ApiError } from "../../errors.ts";

/** Webhooks belong to an API key (a system), not to a person's session. */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("principal").kind !== "api_key")
    throw new ApiError("forbidden", "Webhooks are subscribed with an API key, not a staff session.");
  return next();
});

export function keyIdOf(c: Pick<Context<AppEnv>, "get">): string {
  const principal = c.get("principal");
  if (principal.kind !== "api_key") throw new ApiError("forbidden", "Webhooks are subscribed with an API key.");
  return principal.keyId;
}
