import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { secure } from "../pages/cookie.ts";
import { TRACKING_CODE_PATTERN } from "../workflow/ids.ts";

/**
 * 我的反映: the phone remembers the tracking codes of the cases filed from it, in a cookie and
 * nowhere else (no account, nothing on the server ties the cases to a person or a phone).
 */
const MY_CASES_COOKIE = "my_cases";
/** Codes kept, newest first; about 220 bytes of cookie. */
export const MY_CASES_LIMIT = 20;
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The tracking codes this phone remembers, newest first. The cookie is the visitor's to write:
 * only well-formed codes are read from it, each once, at most MY_CASES_LIMIT.
 */
export function rememberedCodes(c: Context): string[] {
  const codes = (getCookie(c, MY_CASES_COOKIE) ?? "").split(".").filter((code) => TRACKING_CODE_PATTERN.test(code));
  return [...new Set(codes)].slice(0, MY_CASES_LIMIT);
}

function keep(c: Context, codes: string[]) {
  if (codes.length === 0) {
    deleteCookie(c, MY_CASES_COOKIE, { path: "/", secure: secure(c) });
    return;
  }
  setCookie(c, MY_CASES_COOKIE, codes.join("."), {
    httpOnly: true,
    secure: secure(c),
    sameSite: "Lax",
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
  });
}

/**
 * Puts a case first in this phone's list (where it already was, it moves up); the oldest beyond the
 * limit drop off. Not from another site's form: its request comes without the SameSite=Lax cookie,
 * and the list written back would be that site's choice alone.
 */
export function rememberCase(c: Context, trackingCode: string) {
  if (!TRACKING_CODE_PATTERN.test(trackingCode) || c.req.header("sec-fetch-site") === "cross-site") return;
  keep(c, [trackingCode, ...rememberedCodes(c).filter((code) => code !== trackingCode)].slice(0, MY_CASES_LIMIT));
}

/**
 * Takes a case off this phone's list; the case itself is untouched. Writes nothing unless the
 * code was there, so a post without the cookie (another site's form: the cookie is SameSite=Lax)
 * cannot empty the list.
 */
export function forgetCase(c: Context, trackingCode: string) {
  const codes = rememberedCodes(c);
  if (codes.includes(trackingCode))
    keep(
      c,
      codes.filter((code) => code !== trackingCode),
    );
}
