import { eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { renderSVG } from "uqr";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { SecurityPage, type SecurityPageProps } from "../../../portal/staff/pages/security.tsx";
import { staff } from "../../../schema/staff.ts";
import { secondFactorRequired } from "../../auth/role-policy.ts";
import {
  enrolSecondFactor,
  pendingSecondFactorKey,
  removeSecondFactor,
  replaceRecoveryCodes,
  unusedRecoveryCodes,
} from "../../auth/second-factor.ts";
import { SESSION_COOKIE } from "../../auth/session.ts";
import { checkCode } from "../../auth/sign-in.ts";
import { otpauthUri } from "../../auth/totp.ts";
import type { AppEnv } from "../../env.ts";
import { sha256Hex } from "../../lib/encoding.ts";
import { formText, readForm } from "../../pages/form.ts";
import { renderPage } from "../../pages/render.ts";
import { requireCsrf, requireSession, signInClient } from "./session.tsx";

type Extra = Pick<SecurityPageProps, "recoveryCodes" | "error" | "enrolFailed" | "notice" | "notifyNotice">;

/**
 * Renders the page for the signed-in member; while not enrolled, the pending key (the same one
 * until enrolment succeeds or `newKey` asks for another).
 */
async function securityPage(c: Context<AppEnv>, extra: Extra = {}, status: 200 | 400 = 200, { newKey = false } = {}) {
  const lang = c.get("lang");
  const db = c.get("db");
  const member = (await db.query.staff.findFirst({ where: eq(staff.id, c.get("staff").id) }))!;
  const enrolled = member.totpEnabledAt !== null;
  const secret = enrolled ? undefined : await pendingSecondFactorKey(db, c.get("services").config.keys, member, { replace: newKey });
  const props: SecurityPageProps = {
    lang,
    csrf: c.get("csrf"),
    required: secondFactorRequired(member.role),
    enabledAt: member.totpEnabledAt,
    codesLeft: enrolled ? await unusedRecoveryCodes(db, member.id) : 0,
    notify: { sms: member.notifySms, group: member.notifyGroup },
    enrolment: secret ? { secret, qrSvg: renderSVG(otpauthUri(secret, member.phone), { ecc: "M", border: 2 }) } : undefined,
    ...extra,
  };
  // The page holds a secret or recovery codes: never cached (renderPage sends no-store).
  return renderPage(c, <SecurityPage {...props} />, { status });
}

async function formField(c: Context<AppEnv>, name: string): Promise<string> {
  return formText(await readForm(c), name);
}

/** Checks the member's current code; a wrong one counts towards the account lock like a wrong password. */
async function currentCodeMatches(c: Context<AppEnv>): Promise<boolean> {
  return (
    (await checkCode(c.get("db"), c.get("services").config.keys, c.get("staff").id, await formField(c, "code"), await signInClient(c))) !==
    null
  );
}

export function securityPages() {
  const app = new Hono<AppEnv>();
  app.use("/staff/security", requireSession);
  app.use("/staff/security/*", requireSession, requireCsrf);

  app.get("/staff/security", (c) => securityPage(c));

  app.post("/staff/security/enrol", async (c) => {
    const db = c.get("db");
    const member = (await db.query.staff.findFirst({ where: eq(staff.id, c.get("staff").id) }))!;
    const token = getCookie(c, SESSION_COOKIE)!;
    const codes = await enrolSecondFactor(db, c.get("services").config.keys, member, await formField(c, "code"), await sha256Hex(token));
    // The key stays as it was: the app just scanned keeps working for the next try.
    if (!codes) return securityPage(c, { enrolFailed: true }, 400);
    return securityPage(c, { recoveryCodes: codes });
  });

  // Only on the member's request: the app's entry for the old key stops working.
  app.post("/staff/security/new-key", async (c) => {
    const t = STAFF_MESSAGES[c.get("lang")].secondFactor;
    return securityPage(c, { notice: t.newKeyMade }, 200, { newKey: true });
  });

  app.post("/staff/security/recovery-codes", async (c) => {
    const t = STAFF_MESSAGES[c.get("lang")].secondFactor;
    if (!(await currentCodeMatches(c))) return securityPage(c, { error: t.failed }, 400);
    return securityPage(c, { recoveryCodes: await replaceRecoveryCodes(c.get("db"), c.get("staff").id) });
  });

  // Each member chooses for themselves whether they are texted and mentioned in their group's posts.
  app.post("/staff/security/notifications", async (c) => {
    const body = await readForm(c);
    await c
      .get("db")
      .update(staff)
      .set({ notifySms: formText(body, "sms") === "1", notifyGroup: formText(body, "group") === "1", updatedAt: new Date() })
      .where(eq(staff.id, c.get("staff").id));
    return securityPage(c, { notifyNotice: STAFF_MESSAGES[c.get("lang")].notify.saved });
  });

  app.post("/staff/security/disable", async (c) => {
    const t = STAFF_MESSAGES[c.get("lang")].secondFactor;
    // Roles that need it cannot turn it off themselves; an operator resets it (npm run admin).
    if (secondFactorRequired(c.get("staff").role)) return securityPage(c, { error: t.required }, 400);
    if (!(await currentCodeMatches(c))) return securityPage(c, { error: t.failed }, 400);
    await removeSecondFactor(c.get("db"), c.get("staff").id);
    return securityPage(c, { notice: t.disabled });
  });
  return app;
}
