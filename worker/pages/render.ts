import type { Context } from "hono";
import { jsx } from "hono/jsx";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { NO_FILINGS, SiteContext } from "../../portal/site.ts";
import { toBase64Url } from "../lib/encoding.ts";
import type { Services } from "../services.ts";

/** Pages run no script and load nothing from elsewhere; the policy says so to the browser. */
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export interface RenderOptions {
  status?: ContentfulStatusCode;
  /** Seconds shared caches may keep the page; absent: not cached. */
  cacheSeconds?: number;
  lang: string;
}

/**
 * Renders a page. Cacheable pages carry a weak ETag of their bytes and answer 304 when the
 * browser already has them (a second scan of the same poster costs a few bytes).
 */
export async function renderPage(c: Context, page: JSX.Element, options: RenderOptions) {
  const site = (c.get("services") as Services | undefined)?.config.site ?? NO_FILINGS;
  const html = `<!doctype html>${await jsx(SiteContext.Provider, { value: site }, page).toString()}`;
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "content-language": options.lang === "en" ? "en" : "zh-CN",
    "content-security-policy": PAGE_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    vary: "Accept-Language",
  };
  if (options.cacheSeconds) {
    const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(html));
    const etag = `W/"${toBase64Url(new Uint8Array(digest))}"`;
    headers.etag = etag;
    headers["cache-control"] = `public, max-age=${options.cacheSeconds}`;
    if (
      c.req
        .header("if-none-match")
        ?.split(",")
        .some((tag) => tag.trim() === etag)
    ) {
      return new Response(null, { status: 304, headers });
    }
  } else {
    headers["cache-control"] = "no-store";
  }
  return c.body(html, options.status ?? 200, headers);
}
