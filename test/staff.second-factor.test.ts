import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { signInThrottle } from "../schema/sign-in-throttle.ts";
import { staff } from "../schema/staff.ts";
import { createStaffCommand, resetSecondFactorCommand } from "../scripts/admin/commands.ts";
import { boxContext, pendingBoxContext } from "../worker/auth/second-factor.ts";
import { checkCode } from "../worker/auth/sign-in.ts";
import { hotp, totpCode } from "../worker/auth/totp.ts";
import { open } from "../worker/lib/secret-box.ts";
import { seedDemo } from "./helpers/seed.ts";
import { csrfOf, postForm, postSignIn } from "./helpers/staff-pages.ts";
import { call, db } from "./helpers/worker.ts";

const PASSWORD = "correct horse battery staple";
const DISPATCHER = "13800003333";
const GRID = "13800004444";
let ip = 0;

beforeAll(async () => {
  await seedDemo();
  await createStaffCommand(db(), { phone: DISPATCHER, name: "赵调度", role: "district_dispatcher", area: "xhl", password: PASSWORD });
  await createStaffCommand(db(), { phone: GRID, name: "孙网格", role: "grid_worker", area: "jh0501", password: PASSWORD });
});

/** The password step from a fresh client address (the per-client limit stays out of the way). */
async function password(phone: string, address = `10.2.0.${++ip}`) {
  return postSignIn(phone, PASSWORD, address);
}

async function code(challengePage: Response, value: string) {
  const challenge = /name="challenge" value="([^"]+)"/.exec(await challengePage.text())![1]!;
  return { challenge, res: await postForm("/staff/login/code", { challenge, code: value }, { "cf-connecting-ip": `10.2.0.${++ip}` }) };
}

const codeCounts = (client = "code|account") =>
  db()
    .select({ attempts: signInThrottle.attempts, lockedUntil: signInThrottle.lockedUntil })
    .from(signInThrottle)
    .innerJoin(staff, eq(staff.id, signInThrottle.staffId))
    .where(and(eq(staff.phone, DISPATCHER), eq(signInThrottle.client, client)));

const cookieOf = (res: Response) => {
  const token = /gs_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  return token ? { cookie: `gs_session=${token}` } : undefined;
};

/** The key printed under the QR code (in groups of four), as a person types it into the app. */
const keyOn = (page: string) => /<code id="totp-key">([A-Z2-7 ]+)<\/code>/.exec(page)![1]!.replace(/ /g, "");

/** Enrols through /staff/security the way a person with an authenticator app does. */
async function enrol(headers: Record<string, string>) {
  const page = await (await call("/staff/security", { headers })).text();
  const secret = keyOn(page);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
  const res = await postForm("/staff/security/enrol", { csrf, code: await totpCode(secret, new Date()) }, headers);
  const html = await res.text();
  const recovery = [...html.matchAll(/<code>([a-z2-7]{5}-[a-z2-7]{5})<\/code>/g)].map((m) => m[1]!);
  return { res, html, secret, recovery, page };
}

describe("second factor for roles that need it", () => {
  let secret = "";
  let recovery: string[] = [];

  it("sends a district dispatcher who has none to set it up, and opens nothing else", async () => {
    const res = await password(DISPATCHER);
    expect(res.status).toBe(303);
    const headers = cookieOf(res)!;
    for (const path of ["/staff", "/staff/cases", "/staff/admin"]) {
      const page = await call(path, { headers, redirect: "manual" });
      expect([path, page.status, page.headers.get("location")]).toEqual([path, 303, "/staff/security"]);
    }
    // The same cookie does not reach the API either.
    expect((await call("/api/v1/cases", { headers })).status).toBe(401);

    const wrong = await postForm("/staff/security/enrol", { csrf: await csrfOf("/staff/security", headers), code: "000000" }, headers);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("验证码不正确");

    const enrolled = await enrol(headers);
    expect(enrolled.page).toContain("<svg");
    expect(enrolled.page).toContain("必须开启两步验证");
    expect(enrolled.res.status).toBe(200);
    expect(enrolled.res.headers.get("cache-control")).toBe("no-store");
    expect(enrolled.recovery).toHaveLength(10);
    expect(new Set(enrolled.recovery).size).toBe(10);
    ({ secret, recovery } = enrolled);

    // The session that enrolled is through; the secret is stored sealed, not as text.
    expect((await call("/staff", { headers })).status).toBe(200);
    expect((await call("/api/v1/cases", { headers })).status).toBe(200);
    const [row] = await db().select().from(staff).where(eq(staff.phone, DISPATCHER));
    expect(row!.totpEnabledAt).not.toBeNull();
    expect(row!.totpSecret).toMatch(/^v2\.[0-9a-f]{8}\./);
    expect(row!.totpSecret).not.toContain(secret);
  });

  it("asks for the code after the password, and opens a session only when it is right", async () => {
    const first = await password(DISPATCHER);
    expect(first.status).toBe(200);
    expect(cookieOf(first)).toBeUndefined();
    // The code used to enrol a moment ago has been spent; the next step's code is accepted.
    const [row] = await db().select().from(staff).where(eq(staff.phone, DISPATCHER));
    const spent = await code(first.clone(), await hotp(secret, row!.totpLastStep!));
    expect(spent.res.status).toBe(401);
    const nextCode = await hotp(secret, row!.totpLastStep! + 1);
    const ok = await postForm("/staff/login/code", { challenge: spent.challenge, code: nextCode }, { "cf-connecting-ip": "10.2.1.1" });
    expect(ok.status).toBe(303);
    expect((await call("/staff", { headers: cookieOf(ok)! })).status).toBe(200);
    // The same code a second time opens nothing.
    const again = await code(await password(DISPATCHER), nextCode);
    expect(again.res.status).toBe(401);
    expect(await again.res.text()).toContain("验证码不正确或已使用过");
  });

  it("takes each recovery code once", async () => {
    const ok = await code(await password(DISPATCHER), recovery[0]!.toUpperCase());
    expect(ok.res.status).toBe(303);
    expect((await call("/staff", { headers: cookieOf(ok.res)! })).status).toBe(200);
    const again = await code(await password(DISPATCHER), recovery[0]!);
    expect(again.res.status).toBe(401);
    expect(cookieOf(again.res)).toBeUndefined();
  });

  it("refuses a forged or stale challenge", async () => {
    const [row] = await db().select().from(staff).where(eq(staff.phone, DISPATCHER));
    const forged = await postForm("/staff/login/code", {
      challenge: `${row!.id}.${Date.now() + 60_000}.${"A".repeat(32)}`,
      code: recovery[1]!,
    });
    expect(forged.status).toBe(401);
    expect(await forged.text()).toContain("验证已超时");
    const stale = await postForm("/staff/login/code", { challenge: `${row!.id}.${Date.now() - 1}.${"A".repeat(32)}`, code: recovery[1]! });
    expect(stale.status).toBe(401);
  });

  it("locks the code step to strangers after five wrong codes, even for a good recovery code", async () => {
    await db().delete(signInThrottle).where(eq(signInThrottle.client, "code|account"));
    const page = await password(DISPATCHER);
    const { challenge } = await code(page, "000000");
    for (let i = 0; i < 4; i++) await postForm("/staff/login/code", { challenge, code: "000000" }, { "cf-connecting-ip": `10.2.2.${i}` });
    const [account] = await codeCounts();
    expect(account!.lockedUntil).toBeNull();
    // The sixth wrong code from anywhere locks; then a good recovery code is refused too.
    await postForm("/staff/login/code", { challenge, code: "000000" }, { "cf-connecting-ip": "10.2.2.8" });
    expect((await codeCounts())[0]!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const locked = await postForm("/staff/login/code", { challenge, code: recovery[2]! }, { "cf-connecting-ip": "10.2.2.9" });
    expect(locked.status).toBe(401);
    await db().delete(signInThrottle).where(eq(signInThrottle.client, "code|account"));
    // The recovery code was not spent by the refused attempt.
    expect((await postForm("/staff/login/code", { challenge, code: recovery[2]! }, { "cf-connecting-ip": "10.2.2.10" })).status).toBe(303);
  });

  it("checks five of twenty wrong codes sent at once from one client; the right one is refused after them", async () => {
    const [member] = await db().select().from(staff).where(eq(staff.phone, DISPATCHER));
    const now = new Date();
    const client = { address: "10.2.3.1", device: null };
    const wrong = await Promise.all(
      Array.from({ length: 20 }, () => checkCode(db(), env.ENCRYPTION_KEY, member!.id, "000000", client, now)),
    );
    expect(wrong.every((r) => r === null)).toBe(true);
    expect(await checkCode(db(), env.ENCRYPTION_KEY, member!.id, recovery[5]!, client, now)).toBeNull();
    expect((await codeCounts("code|address:10.2.3.1"))[0]!.attempts).toBe(21);
    // Through the form too: nineteen at once from one address, then a good code.
    await db().delete(signInThrottle).where(eq(signInThrottle.client, "code|account"));
    const { challenge } = await code(await password(DISPATCHER), "000000");
    await db().delete(signInThrottle).where(eq(signInThrottle.client, "code|account"));
    const headers = { "cf-connecting-ip": "10.2.3.2" };
    const sent = await Promise.all(Array.from({ length: 19 }, () => postForm("/staff/login/code", { challenge, code: "000000" }, headers)));
    expect(sent.map((r) => r.status)).toEqual(Array(19).fill(401));
    const right = await postForm("/staff/login/code", { challenge, code: recovery[5]! }, headers);
    expect(right.status).toBe(401);
    expect(cookieOf(right)).toBeUndefined();
    await db().delete(signInThrottle).where(eq(signInThrottle.client, "code|account"));
  });

  it("passes the account-wide password lock that strangers set off, with the password and then the code", async () => {
    for (let i = 0; i < 21; i++) await postSignIn(DISPATCHER, `stranger guess ${i}`, `10.2.4.${i}`);
    const first = await password(DISPATCHER, "10.2.5.1");
    expect(first.status).toBe(200);
    const { res } = await code(first, recovery[6]!);
    expect(res.status).toBe(303);
    expect((await call("/staff", { headers: cookieOf(res)! })).status).toBe(200);
    await db().delete(signInThrottle).where(eq(signInThrottle.client, "password|account"));
  });

  it("cannot be turned off by the dispatcher; an operator's reset ends the sessions", async () => {
    const ok = await code(await password(DISPATCHER), recovery[3]!);
    const headers = cookieOf(ok.res)!;
    const security = await (await call("/staff/security", { headers })).text();
    expect(security).not.toContain("/staff/security/disable");
    const refused = await postForm(
      "/staff/security/disable",
      { csrf: await csrfOf("/staff/security", headers), code: recovery[4]! },
      headers,
    );
    expect(refused.status).toBe(400);

    await resetSecondFactorCommand(db(), { phone: DISPATCHER });
    expect((await call("/staff", { headers, redirect: "manual" })).headers.get("location")).toMatch(/^\/staff\/login/);
    const fresh = await password(DISPATCHER);
    expect(fresh.status).toBe(303);
    expect((await call("/staff", { headers: cookieOf(fresh)!, redirect: "manual" })).headers.get("location")).toBe("/staff/security");
  });
});

describe("second factor where it is optional", () => {
  it("lets a grid worker work without it, turn it on, and off again with a code", async () => {
    const headers = cookieOf(await password(GRID))!;
    expect((await call("/staff", { headers })).status).toBe(200);
    const { secret, res, html } = await enrol(headers);
    expect(res.status).toBe(200);
    expect(html).toContain("/staff/security/disable");
    const csrf = await csrfOf("/staff/security", headers);
    const wrong = await postForm("/staff/security/disable", { csrf, code: "000000" }, headers);
    expect(wrong.status).toBe(400);
    const off = await postForm("/staff/security/disable", { csrf, code: await totpCode(secret, new Date(Date.now() + 30_000)) }, headers);
    expect(off.status).toBe(200);
    expect(await off.text()).toContain("两步验证已关闭");
    const [row] = await db().select().from(staff).where(eq(staff.phone, GRID));
    expect([row!.totpSecret, row!.totpEnabledAt]).toEqual([null, null]);
    // Without it the password alone opens a session again.
    expect((await password(GRID)).status).toBe(303);
  });

  it("refuses security forms without the CSRF token", async () => {
    const headers = cookieOf(await password(GRID))!;
    const res = await postForm("/staff/security/enrol", { code: "000000" }, headers);
    expect(res.status).toBe(403);
  });
});

describe("second-factor enrolment keeps its key until it succeeds or a new one is asked for", () => {
  const KEEPER = "13800005555";
  const CHANGER = "13800006666";
  beforeAll(async () => {
    await createStaffCommand(db(), { phone: KEEPER, name: "钱社区", role: "community_staff", area: "jh05", password: PASSWORD });
    await createStaffCommand(db(), { phone: CHANGER, name: "周街道", role: "street_officer", area: "jh", password: PASSWORD });
  });

  const row = async (phone: string) => (await db().select().from(staff).where(eq(staff.phone, phone)))[0]!;

  /** A six-digit code the key does not give around now (the check allows a step either way). */
  async function wrongCodeFor(secret: string) {
    const step = Math.floor(Date.now() / 30_000);
    const near = new Set(await Promise.all([-1, 0, 1, 2].map((d) => hotp(secret, step + d))));
    return ["000000", "111111", "222222", "333333", "444444"].find((c) => !near.has(c))!;
  }

  it("survives reloads and a wrong code, says what to do, then enrols the same key", async () => {
    const headers = cookieOf(await password(KEEPER))!;
    const first = await (await call("/staff/security", { headers })).text();
    const key = keyOn(first);
    expect(keyOn(await (await call("/staff/security", { headers })).text())).toBe(key);

    // Stored sealed like the active secret, under a context of its own, and not active yet.
    const pending = await row(KEEPER);
    expect(pending.totpPendingSecret).toMatch(/^v2\.[0-9a-f]{8}\./);
    expect(pending.totpPendingSecret).not.toContain(key);
    expect(await open(env.ENCRYPTION_KEY, pending.totpPendingSecret!, pendingBoxContext(pending.id))).toBe(key);
    expect(await open(env.ENCRYPTION_KEY, pending.totpPendingSecret!, boxContext(pending.id))).toBeNull();
    expect([pending.totpSecret, pending.totpEnabledAt]).toEqual([null, null]);
    expect((await password(KEEPER)).status).toBe(303);

    const csrf = await csrfOf("/staff/security", headers);
    const wrong = await postForm("/staff/security/enrol", { csrf, code: await wrongCodeFor(key) }, headers);
    expect(wrong.status).toBe(400);
    const page = await wrong.text();
    expect(page).toContain("验证码不正确。二维码和密钥没有变");
    for (const hint of ["6 位数字", "等下一个验证码", "自动设置", "换一个新密钥"]) expect(page).toContain(hint);
    expect(keyOn(page)).toBe(key);
    expect(keyOn(await (await call("/staff/security", { headers })).text())).toBe(key);

    const right = await postForm("/staff/security/enrol", { csrf, code: await totpCode(key, new Date()) }, headers);
    expect(right.status).toBe(200);
    expect([...(await right.text()).matchAll(/<code>[a-z2-7]{5}-[a-z2-7]{5}<\/code>/g)]).toHaveLength(10);
    const enrolled = await row(KEEPER);
    expect(enrolled.totpPendingSecret).toBeNull();
    expect(enrolled.totpEnabledAt).not.toBeNull();
    expect(await open(env.ENCRYPTION_KEY, enrolled.totpSecret!, boxContext(enrolled.id))).toBe(key);
    // From now on the password leads to the code step.
    const next = await password(KEEPER);
    expect([next.status, cookieOf(next)]).toEqual([200, undefined]);
  });

  it("says what to do in English too", async () => {
    const headers = cookieOf(await password(CHANGER))!;
    const csrf = await csrfOf("/staff/security", headers);
    const key = keyOn(await (await call("/staff/security?lang=en", { headers })).text());
    const wrong = await postForm("/staff/security/enrol?lang=en", { csrf, code: await wrongCodeFor(key) }, headers);
    const page = await wrong.text();
    expect(page).toContain("Wrong code. The QR code and key have not changed");
    expect(page).toContain("set the phone&#39;s date and time to automatic");
  });

  it("replaces the key only on request; the old key's codes stop working", async () => {
    const headers = cookieOf(await password(CHANGER))!;
    const csrf = await csrfOf("/staff/security", headers);
    const old = keyOn(await (await call("/staff/security", { headers })).text());
    const replaced = await postForm("/staff/security/new-key", { csrf }, headers);
    expect(replaced.status).toBe(200);
    const page = await replaced.text();
    expect(page).toContain("已换成新密钥");
    const key = keyOn(page);
    expect(key).not.toBe(old);
    expect(keyOn(await (await call("/staff/security", { headers })).text())).toBe(key);

    const withOld = await postForm("/staff/security/enrol", { csrf, code: await totpCode(old, new Date()) }, headers);
    expect(withOld.status).toBe(400);
    expect((await row(CHANGER)).totpEnabledAt).toBeNull();
    const ok = await postForm("/staff/security/enrol", { csrf, code: await totpCode(key, new Date()) }, headers);
    expect(ok.status).toBe(200);
    expect(await open(env.ENCRYPTION_KEY, (await row(CHANGER)).totpSecret!, boxContext((await row(CHANGER)).id))).toBe(key);
  });

  it("does not open another member's pending key copied into one's own row", async () => {
    const headers = cookieOf(await password(GRID))!;
    await call("/staff/security", { headers });
    const grid = await row(GRID);
    const keeper = await row(KEEPER);
    expect(await open(env.ENCRYPTION_KEY, grid.totpPendingSecret!, pendingBoxContext(keeper.id))).toBeNull();
  });
});
