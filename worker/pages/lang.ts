import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { chooseLang } from "../../portal/lang.ts";
import type { Lang } from "../../portal/messages.ts";
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

/**
 * The language of a printed poster, made the request's: Chinese unless the address asks for
 * `?lang=en`. Not the browser's: an office computer set to English prints the posters residents
 * read at their doors.
 */
export function printLang(c: Context<AppEnv>): Lang {
  const lang = chooseLang(c.req.query("lang"), undefined);
  c.set("lang", lang);
  return lang;
}
