import { createMiddleware } from "hono/factory";
import { STATION_CODE_PATTERN } from "../../schema/constants.ts";
import type { AppEnv } from "../env.ts";

/**
 * `/s/jh0501v…` answers 301 to `/s/JH0501V…`, the query kept: posters print the code in upper
 * case, people type it in whatever case. GET (and HEAD) only: our pages never post to a
 * lower-case address, and a redirected report would send its photo twice over a weak link.
 */
export const canonicalStationCode = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
  const url = new URL(c.req.url);
  const [, typed = "", rest = ""] = /^\/s\/([^/]+)(.*)$/.exec(url.pathname) ?? [];
  const code = typed.toUpperCase();
  if (code === typed || !STATION_CODE_PATTERN.test(code)) return next();
  return c.redirect(`/s/${code}${rest}${url.search}`, 301);
});
