import type { Context } from "hono";
import { jsx } from "hono/jsx";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { NO_FILINGS, type Site, SiteContext, type View, ViewContext } from "../../portal/site.ts";
import type { AppEnv } from "../env.ts";
import { largeTextChosen } from "./view.ts";

export interface RenderOptions {
  status?: ContentfulStatusCode;
  /** Seconds shared caches may keep the page; absent: not cached. */
  cacheSeconds?: number;
}

/**
 * Renders a page in the request's language (worker/pages/lang.ts), the site's context (its
 * filing numbers) and the visitor's view (the large-text mode), saying how long it may be kept. The security headers and the ETag are
 * middleware's (worker/pages/headers.ts).
 */
export async function renderPage(c: Context<AppEnv>, page: JSX.Element, options: RenderOptions = {}) {
  const html = await pageHtml(siteOf(c), { largeText: largeTextChosen(c) }, page);
  return c.body(html, options.status ?? 200, pageHeaders(c, options.cacheSeconds));
}

/** The deployment's filing numbers; the services are missing only when the environment was refused (the 503 page). */
export function siteOf(c: Context<AppEnv>): Site {
  return (c.var.services as AppEnv["Variables"]["services"] | undefined)?.config.site ?? NO_FILINGS;
}

/** A page's document in a site and view. */
export async function pageHtml(site: Site, view: View, page: JSX.Element): Promise<string> {
  return `<!doctype html>${await jsx(SiteContext.Provider, { value: site }, jsx(ViewContext.Provider, { value: view }, page)).toString()}`;
}

export function pageHeaders(c: Context<AppEnv>, cacheSeconds?: number): Record<string, string> {
  return {
    "content-type": "text/html; charset=utf-8",
    "content-language": c.get("lang") === "en" ? "en" : "zh-CN",
    "cache-control": cacheSeconds ? `public, max-age=${cacheSeconds}` : "no-store",
    // The language may come from the browser, the large-text mode from its cookie.
    vary: "Accept-Language, Cookie",
  };
}
