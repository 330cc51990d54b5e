import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { staff } from "../../../schema/staff.ts";
import { LoginPage } from "../../../portal/staff/pages/login.tsx";
import { SecondFactorPage } from "../../../portal/staff/pages/second-factor.tsx";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { checkSecondFactor } from "../../auth/second-factor.ts";
import { revokeSession, SESSION_COOKIE, startSession } from "../../auth/session.ts";
import { checkPassword, clearFailedSignIns, isLocked, issueSignInChallenge, readSignInChallenge, recordFailedSignIn } from "../../auth/sign-in.ts";
import type { AppEnv } from "../../env.ts";
import { issueFormToken, verifyFormToken } from "../../portal/form-token.ts";
import { renderPage } from "../../portal/render.ts";
import { pageLang } from "../pages/context.ts";
import { clearSessionCookie, requireCsrf, requireSession, setSessionCookie } from "./session.tsx";

const LOGIN_FORM = "staff-login";

/** Only local paths under /staff: a sign-in link cannot send anyone elsewhere. */
function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/staff(\/[\w\-/?=&%.]*)?$/.test(next) && !next.startsWith("//") ? next : "/staff";
}

/** Sign-in attempts per client address, password and code steps alike. */
async function withinSignInLimit(c: Context<AppEnv>): Promise<boolean> {
  const client = c.req.header("cf-connecting-ip") ?? "local";
  const { success } = await c.env.SIGN_IN_LIMITER.limit({ key: `sign-in:${client}` });
  if (!success) c.header("Retry-After", "60");
  return success;
}

export function loginPages() {
  const app = new Hono<AppEnv>();

  app.get("/staff/login", async (c) => {
    const lang = pageLang(c);
    const token = await issueFormToken(c.env.FORM_SECRET, LOGIN_FORM, new Date());
    return renderPage(c, <LoginPage lang={lang} token={token} next={c.req.query("next")} />, { lang });
  });

  app.post("/staff/login", async (c) => {
    const lang = pageLang(c);
    const t = STAFF_MESSAGES[lang].login;
    const body = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
    const phone = typeof body.phone === "string" ? body.phone.trim().slice(0, 11) : "";
    const password = typeof body.password === "string" ? body.password : "";
    const again = async (error: string, status: 400 | 401 | 429) =>
      renderPage(c, <LoginPage lang={lang} token={await issueFormToken(c.env.FORM_SECRET, LOGIN_FORM, new Date())} phone={phone} error={error} next={safeNext(body.next)} />, { lang, status });

    // The form token stops other sites from signing a browser in (login CSRF).
    if (!(await verifyFormToken(c.env.FORM_SECRET, LOGIN_FORM, String(body.token ?? ""), new Date()))) return again(t.failed, 400);
    if (!(await withinSignInLimit(c))) return again(t.limited, 429);
    const now = new Date();
    const member = await checkPassword(c.get("db"), phone, password, now);
    if (!member) return again(t.failed, 401);
    if (member.totpEnabledAt) {
      const challenge = await issueSignInChallenge(c.env.FORM_SECRET, member.id, now);
      return renderPage(c, <SecondFactorPage lang={lang} challenge={challenge} next={safeNext(body.next)} />, { lang });
    }
    await clearFailedSignIns(c.get("db"), member);
    const { token } = await startSession(c.get("db"), member.id, now);
    setSessionCookie(c, token);
    return c.redirect(safeNext(body.next), 303);
  });

  // The second step for members with two-step verification on: the code, then the session.
  app.post("/staff/login/code", async (c) => {
    const lang = pageLang(c);
    const t = STAFF_MESSAGES[lang];
    const body = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
    const challenge = typeof body.challenge === "string" ? body.challenge : "";
    const code = typeof body.code === "string" ? body.code.slice(0, 16) : "";
    const next = safeNext(body.next);
    const now = new Date();
    const staffId = await readSignInChallenge(c.env.FORM_SECRET, challenge, now);
    if (staffId === null) {
      const token = await issueFormToken(c.env.FORM_SECRET, LOGIN_FORM, now);
      return renderPage(c, <LoginPage lang={lang} token={token} error={t.secondFactor.expired} next={next} />, { lang, status: 401 });
    }
    const again = (error: string, status: 401 | 429) => renderPage(c, <SecondFactorPage lang={lang} challenge={challenge} next={next} error={error} />, { lang, status });
    if (!(await withinSignInLimit(c))) return again(t.login.limited, 429);
    const member = await c.get("db").query.staff.findFirst({ where: eq(staff.id, staffId) });
    if (!member || !member.active || isLocked(member, now)) return again(t.secondFactor.failed, 401);
    const method = await checkSecondFactor(c.get("db"), c.env.ENCRYPTION_KEY, member, code, now);
    if (!method) {
      await recordFailedSignIn(c.get("db"), member, now);
      return again(t.secondFactor.failed, 401);
    }
    await clearFailedSignIns(c.get("db"), member);
    const { token } = await startSession(c.get("db"), member.id, now, true);
    setSessionCookie(c, token);
    return c.redirect(next, 303);
  });

  app.post("/staff/logout", requireSession, requireCsrf, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await revokeSession(c.get("db"), token);
    clearSessionCookie(c);
    return c.redirect("/staff/login", 303);
  });
  return app;
}
