import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { chooseLang } from "../../portal/lang.ts";
import type { AppEnv } from "../env.ts";

/**
 * The visitor's language, chosen once per request. Not hono/language's languageDetector: it breaks
 * a tie by the header's order where GridStation breaks it towards Chinese, and caches the choice in
 * a cookie, which would make the station page's cached copy vary per visitor.
 */
export const withLang = createMiddleware<AppEnv>(async (c, next) => {
  c.set("lang", chooseLang(c.req.query("lang"), c.req.header("accept-language")));
  await next();
});

/** `?lang=en` carried onto a redirect when the visitor chose English explicitly. */
export function langSuffix(c: Context, join: "?" | "&" = "?"): string {
  return c.req.query("lang") === "en" ? `${join}lang=en` : "";
}
