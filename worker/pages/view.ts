import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { secure } from "./cookie.ts";

/** The phone's choice of the large-text mode (长辈版): nothing about the person, only how to show pages. */
const VIEW_COOKIE = "gs_view";
const YEAR_SECONDS = 365 * 24 * 3600;

export function largeTextChosen(c: Context): boolean {
  return getCookie(c, VIEW_COOKIE) === "large";
}

/** Only a path of this site: `/…` but not `//host`, and no backslash a browser might read as one. */
function safeBack(back: string | undefined): string {
  return back && /^\/(?![/\\])[^\s\\]*$/.test(back) ? back : "/";
}

/**
 * `GET /view?large=1|0&back=PATH`: switches the large-text mode on or off for this phone and goes
 * back to the page the resident was reading. A link, so it works without JavaScript.
 */
export function switchView(c: Context) {
  const large = c.req.query("large") === "1";
  setCookie(c, VIEW_COOKIE, large ? "large" : "standard", {
    path: "/",
    maxAge: YEAR_SECONDS,
    sameSite: "Lax",
    httpOnly: true,
    secure: secure(c),
  });
  return c.redirect(safeBack(c.req.query("back")), 303);
}
