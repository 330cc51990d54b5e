import type { Context } from "hono";
import { chooseLang } from "../../portal/lang.ts";
import type { Lang } from "../../portal/messages.ts";

export function pageLang(c: Context): Lang {
  return chooseLang(c.req.query("lang"), c.req.header("accept-language"));
}

/** `?lang=en` carried onto a redirect when the visitor chose English explicitly. */
export function langSuffix(c: Context, join: "?" | "&" = "?"): string {
  return c.req.query("lang") === "en" ? `${join}lang=en` : "";
}
