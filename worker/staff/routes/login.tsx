import type { Context } from "hono";
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { LoginPage } from "../../../portal/staff/pages/login.tsx";
import { SecondFactorPage } from "../../../portal/staff/pages/second-factor.tsx";
import { revokeSession, SESSION_COOKIE, startSession } from "../../auth/session.ts";
import { checkCode, checkPassword, issueSignInChallenge, readSignInChallenge } from "../../auth/sign-in.ts";
import type { SignInClient } from "../../auth/sign-in-throttle.ts";
import { DEVICE_COOKIE, DEVICE_TTL_SECONDS, issueDeviceToken } from "../../auth/trusted-device.ts";
import type { AppEnv } from "../../env.ts";
import { randomBytes, toBase64Url } from "../../lib/encoding.ts";
import { secure } from "../../pages/cookie.ts";
import { formText, readForm } from "../../pages/form.ts";
import { renderPage } from "../../pages/render.ts";
import { signFormToken, verifyFormToken } from "../../resident/form-token.ts";
import { clientAddress } from "../../routes/client-address.ts";
import { clearSessionCookie, requireCsrf, requireSession, setSessionCookie, signInClient } from "./session.tsx";

/**
 * The sign-in form's token is bound to a cookie of the browser that loaded the form, so another
 * site cannot sign a visitor's browser in to an account of its own (login CSRF).
 */
const LOGIN_COOKIE = "gs_login";

/** Only local paths under /staff: a sign-in link cannot send anyone elsewhere. */
function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/staff(\/[\w\-/?=&%.]*)?$/.test(next) && !next.startsWith("//") ? next : "/staff";
}

/** Sign-in attempts per client address, password and code steps alike. */
async function withinSignInLimit(c: Context<AppEnv>): Promise<boolean> {
  const { success } = await c.get("services").limiters.signIn.limit({ key: `sign-in:${clientAddress(c)}` });
  if (!success) c.header("Retry-After", "60");
  return success;
}

/** The browser's sign-in nonce, made on its first visit to the form. */
function loginNonce(c: Context<AppEnv>): string {
  const known = getCookie(c, LOGIN_COOKIE);
  if (known && /^[A-Za-z0-9_-]{22}$/.test(known)) return known;
  const nonce = toBase64Url(randomBytes(16));
  setCookie(c, LOGIN_COOKIE, nonce, { httpOnly: true, secure: secure(c), sameSite: "Lax", path: "/staff/login", maxAge: 24 * 60 * 60 });
  return nonce;
}

const loginToken = (c: Context<AppEnv>) => signFormToken(c.get("services").config.formSecret, `staff-login|${loginNonce(c)}`, new Date());

/** Opens the session, and marks this browser as one the member signs in on. */
async function signedIn(c: Context<AppEnv>, staffId: number, client: SignInClient, secondFactor: boolean, next: string) {
  const { token } = await startSession(c.get("db"), staffId, new Date(), secondFactor);
  setSessionCookie(c, token);
  if (client.device?.staffId !== staffId) {
    const device = await issueDeviceToken(c.get("services").config.formSecret, staffId);
    setCookie(c, DEVICE_COOKIE, device, { httpOnly: true, secure: secure(c), sameSite: "Lax", path: "/staff", maxAge: DEVICE_TTL_SECONDS });
  }
  return c.redirect(next, 303);
}

export function loginPages() {
  const app = new Hono<AppEnv>();

  app.get("/staff/login", async (c) => {
    const lang = c.get("lang");
    return renderPage(c, <LoginPage lang={lang} token={await loginToken(c)} next={c.req.query("next")} />);
  });

  app.post("/staff/login", async (c) => {
    const lang = c.get("lang");
    const t = STAFF_MESSAGES[lang].login;
    const body = await readForm(c);
    const phone = formText(body, "phone").slice(0, 11);
    const password = typeof body.password === "string" ? body.password : "";
    const next = safeNext(body.next);
    const again = async (error: string, status: 400 | 401 | 429) =>
      renderPage(c, <LoginPage lang={lang} token={await loginToken(c)} phone={phone} error={error} next={next} />, { status });

    const nonce = getCookie(c, LOGIN_COOKIE) ?? "";
    if (!(await verifyFormToken(c.get("services").config.formSecret, `staff-login|${nonce}`, String(body.token ?? ""), new Date())))
      return again(t.failed, 400);
    if (!(await withinSignInLimit(c))) return again(t.limited, 429);
    const now = new Date();
    const client = await signInClient(c);
    const member = await checkPassword(c.get("db"), phone, password, client, now, {
      demoPasswordAccepted: c.get("services").config.development,
    });
    if (!member) return again(t.failed, 401);
    if (member.totpEnabledAt) {
      const challenge = await issueSignInChallenge(c.get("services").config.formSecret, member.id, now);
      return renderPage(c, <SecondFactorPage lang={lang} challenge={challenge} next={next} />);
    }
    return signedIn(c, member.id, client, false, next);
  });

  // The second step for members with two-step verification on: the code, then the session.
  app.post("/staff/login/code", async (c) => {
    const lang = c.get("lang");
    const t = STAFF_MESSAGES[lang];
    const body = await readForm(c);
    const challenge = typeof body.challenge === "string" ? body.challenge : "";
    const code = typeof body.code === "string" ? body.code.slice(0, 16) : "";
    const next = safeNext(body.next);
    const now = new Date();
    const staffId = await readSignInChallenge(c.get("services").config.formSecret, challenge, now);
    if (staffId === null) {
      const page = <LoginPage lang={lang} token={await loginToken(c)} error={t.secondFactor.expired} next={next} />;
      return renderPage(c, page, { status: 401 });
    }
    const again = (error: string, status: 401 | 429) =>
      renderPage(c, <SecondFactorPage lang={lang} challenge={challenge} next={next} error={error} />, { status });
    if (!(await withinSignInLimit(c))) return again(t.login.limited, 429);
    const client = await signInClient(c);
    const passed = await checkCode(c.get("db"), c.get("services").config.keys, staffId, code, client, now);
    if (!passed) return again(t.secondFactor.failed, 401);
    return signedIn(c, passed.member.id, client, true, next);
  });

  app.post("/staff/logout", requireSession, requireCsrf, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await revokeSession(c.get("db"), token);
    clearSessionCookie(c);
    return c.redirect("/staff/login", 303);
  });
  return app;
}
