import { Hono } from "hono";
import { getCookie } from "hono/cookie";
import { LoginPage } from "../../../portal/staff/pages/login.tsx";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { revokeSession, SESSION_COOKIE } from "../../auth/session.ts";
import { signInWithPassword } from "../../auth/sign-in.ts";
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
    const client = c.req.header("cf-connecting-ip") ?? "local";
    const { success } = await c.env.SIGN_IN_LIMITER.limit({ key: `sign-in:${client}` });
    if (!success) {
      c.header("Retry-After", "60");
      return again(t.limited, 429);
    }
    const signedIn = await signInWithPassword(c.var.db, phone, password);
    if (!signedIn) return again(t.failed, 401);
    setSessionCookie(c, signedIn.token);
    return c.redirect(safeNext(body.next), 303);
  });

  app.post("/staff/logout", requireSession, requireCsrf, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await revokeSession(c.var.db, token);
    clearSessionCookie(c);
    return c.redirect("/staff/login", 303);
  });
  return app;
}
