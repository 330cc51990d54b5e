import type { Context } from "hono";
import { jsx } from "hono/jsx";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { NO_FILINGS, SiteContext } from "../../portal/site.ts";
import type { Services } from "../services.ts";

export interface RenderOptions {
  status?: ContentfulStatusCode;
  /** Seconds shared caches may keep the page; absent: not cached. */
  cacheSeconds?: number;
  lang: string;
}

/**
 * Renders a page, in the site's context (its filing numbers), saying its language and how long it
 * may be kept. The security headers and the ETag are middleware's (worker/pages/headers.ts).
 */
export async function renderPage(c: Context, page: JSX.Element, options: RenderOptions) {
  const site = (c.get("services") as Services | undefined)?.config.site ?? NO_FILINGS;
  const html = `<!doctype html>${await jsx(SiteContext.Provider, { value: site }, page).toString()}`;
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "content-language": options.lang === "en" ? "en" : "zh-CN",
    vary: "Accept-Language",
  };
  headers["cache-control"] = options.cacheSeconds ? `public, max-age=${options.cacheSeconds}` : "no-store";
  return c.body(html, options.status ?? 200, headers);
}
