import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { csrfMatches, csrfToken } from "../../auth/csrf.ts";
import { SESSION_COOKIE, SESSION_TTL_MS, sessionFor } from "../../auth/session.ts";
import type { SignInClient } from "../../auth/sign-in-throttle.ts";
import { DEVICE_COOKIE, readDeviceToken } from "../../auth/trusted-device.ts";
import type { AppEnv } from "../../env.ts";
import { secure } from "../../pages/cookie.ts";
import { pageMessage } from "../../pages/errors.tsx";
import { readForm } from "../../pages/form.ts";
import { clientAddress } from "../../routes/client-address.ts";

/** Who is signing in, for the sign-in locks: the address and the browser's trusted-device cookie. */
export async function signInClient(c: Context<AppEnv>): Promise<SignInClient> {
  return { address: clientAddress(c), device: await readDeviceToken(c.get("services").config.formSecret, getCookie(c, DEVICE_COOKIE)) };
}

export function setSessionCookie(c: Context, token: string) {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: secure(c), sameSite: "Lax", path: "/", maxAge: SESSION_TTL_MS / 1000 });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: secure(c) });
}

/** Where a session still owing its second factor may go: setting it up, and away. */
const ENROLMENT_PATHS = /^\/staff\/(security(\/[a-z-]+)?|logout)$/;

/**
 * Staff pages need a live session; without one the visitor is sent to sign in and brought back.
 * A role that needs the second factor goes to set it up first.
 */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  const session = token ? await sessionFor(c.get("db"), token) : null;
  if (!session || !token) {
    if (token) clearSessionCookie(c);
    const next = c.req.method === "GET" ? `?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ""))}` : "";
    return c.redirect(`/staff/login${next}`, 303);
  }
  if (session.secondFactorPending && !ENROLMENT_PATHS.test(c.req.path)) return c.redirect("/staff/security", 303);
  const actor = session.actor;
  c.set("staff", actor);
  c.set("secondFactorPending", session.secondFactorPending);
  c.set("principal", { kind: "staff", actor });
  c.set("sessionToken", token);
  // Every form of the workspace carries it; made here once rather than by each page.
  c.set("csrf", await csrfToken(c.get("services").config.formSecret, token));
  return next();
});

/** Every staff form carries the session's CSRF token; a post without it changes nothing. */
export const requireCsrf = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== "POST") return next();
  const { csrf } = await readForm(c);
  if (!(await csrfMatches(c.get("services").config.formSecret, c.get("sessionToken"), csrf))) {
    return staffRefusal(c, STAFF_MESSAGES[c.get("lang")].csrf);
  }
  return next();
});

/** A refusal on the workspace, as a page with the way back to it. */
export function staffRefusal(c: Context<AppEnv>, text: string, status: 403 | 404 = 403) {
  return pageMessage(c, text, { status, back: "/staff" });
}
