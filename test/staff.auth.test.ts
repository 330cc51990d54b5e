import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { signInThrottle } from "../schema/sign-in-throttle.ts";
import { staff } from "../schema/staff.ts";
import { staffSession } from "../schema/staff-session.ts";
import { createStaffCommand } from "../scripts/admin/commands.ts";
import { checkPassword } from "../worker/auth/sign-in.ts";
import { updateStaff } from "../worker/staff/admin/staff.ts";
import { seedDemo } from "./helpers/seed.ts";
import { cookiesOf, loginForm, postForm, postSignIn } from "./helpers/staff-pages.ts";
import { call, db } from "./helpers/worker.ts";

const PASSWORD = "correct horse battery staple";
let ip = 0;

beforeAll(async () => {
  await seedDemo();
  await createStaffCommand(db(), { phone: "13800001111", name: "刘网格", role: "grid_worker", area: "jh0501", password: PASSWORD });
});

/** Each test signs in from its own address so the per-client limit does not interfere. */
async function signIn(phone: string, password: string, client = `10.0.0.${++ip}`) {
  return postSignIn(phone, password, client);
}

function sessionCookie(res: Response) {
  return /gs_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
}

describe("sign-in", () => {
  it("sends the visitor to sign in and back", async () => {
    const res = await call("/staff/cases?status=submitted", { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff/login?next=%2Fstaff%2Fcases%3Fstatus%3Dsubmitted");
  });

  it("signs in with a safe cookie and opens the workspace", async () => {
    const res = await postSignIn("13800001111", PASSWORD, "10.1.0.1", { next: "/staff/cases" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff/cases");
    const cookie = res.headers.getSetCookie().find((line) => line.startsWith("gs_session="))!;
    expect(cookie).toMatch(/gs_session=[\w-]{43}/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const token = sessionCookie(res)!;
    // Only the token's hash is stored.
    const rows = await db().select().from(staffSession);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    const page = await call("/staff", { headers: { cookie: `gs_session=${token}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("同心园社区第1网格");
  });

  it("never says whether the number exists, and refuses an open redirect", async () => {
    const unknown = await signIn("13999999999", PASSWORD);
    const wrong = await signIn("13800001111", "wrong password!!");
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    const [a, b] = [await unknown.text(), await wrong.text()];
    expect(a).toContain("手机号或密码不正确");
    expect(a.replace(/value="[^"]*"/g, "")).toBe(b.replace(/value="[^"]*"/g, ""));
    const away = await postSignIn("13800001111", PASSWORD, "10.1.0.2", { next: "https://evil.example/" });
    expect(away.headers.get("location")).toBe("/staff");
  });

  it("refuses a sign-in form that did not come from this site", async () => {
    const res = await postForm("/staff/login", { phone: "13800001111", password: PASSWORD }, { "cf-connecting-ip": "10.1.0.3" });
    expect(res.status).toBe(400);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it("refuses a sign-in form loaded by another browser (login CSRF)", async () => {
    const theirs = await loginForm();
    const mine = await loginForm();
    const res = await postForm(
      "/staff/login",
      { token: theirs.token, phone: "13800001111", password: PASSWORD },
      { cookie: mine.cookie, "cf-connecting-ip": "10.1.0.4" },
    );
    expect(res.status).toBe(400);
    expect(sessionCookie(res)).toBeUndefined();
    const own = await postForm(
      "/staff/login",
      { token: mine.token, phone: "13800001111", password: PASSWORD },
      { cookie: mine.cookie, "cf-connecting-ip": "10.1.0.4" },
    );
    expect(own.status).toBe(303);
  });
  it("limits attempts per client with the Rate Limiting binding", async () => {
    // Minute windows: go on until the limiter says no (a window may turn over once on the way).
    let refused = 0;
    let limited: Response | undefined;
    for (let i = 0; i < 41 && !limited; i++) {
      const res = await signIn("13999990000", "whatever password", "10.9.9.9");
      if (res.status === 401) refused++;
      else limited = res;
    }
    expect(refused).toBeGreaterThanOrEqual(20);
    expect(limited!.status).toBe(429);
    expect(limited!.headers.get("retry-after")).toBe("60");
  });
});

describe("sign-in locks", () => {
  const throttle = (phone: string) =>
    db()
      .select({ client: signInThrottle.client, attempts: signInThrottle.attempts, lockedUntil: signInThrottle.lockedUntil })
      .from(signInThrottle)
      .innerJoin(staff, eq(staff.id, signInThrottle.staffId))
      .where(eq(staff.phone, phone));

  it("locks one client out after five failures, even for the right password, and not the owner elsewhere", async () => {
    await createStaffCommand(db(), { phone: "13800002222", name: "陈网格", role: "grid_worker", area: "jh0502", password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await signIn("13800002222", `wrong ${i} password`, "10.3.0.1")).status).toBe(401);
    expect((await signIn("13800002222", PASSWORD, "10.3.0.1")).status).toBe(401);
    const rows = await throttle("13800002222");
    const locked = rows.find((r) => r.client === "password|address:10.3.0.1")!;
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60 * 1000);
    // A stranger's failures do not shut the owner out: from their own address they sign in.
    expect((await signIn("13800002222", PASSWORD, "10.3.0.2")).status).toBe(303);
    // Fifteen minutes after its last attempt the locked address may try again.
    const ago = new Date(Date.now() - 16 * 60 * 1000);
    await db()
      .update(signInThrottle)
      .set({ lockedUntil: ago, lastAttemptAt: ago })
      .where(eq(signInThrottle.client, "password|address:10.3.0.1"));
    expect((await signIn("13800002222", PASSWORD, "10.3.0.1")).status).toBe(303);
  });

  it("checks five of twenty wrong passwords sent at once; the right one is refused after them", async () => {
    await createStaffCommand(db(), { phone: "13800005555", name: "周网格", role: "grid_worker", area: "jh0501", password: PASSWORD });
    const now = new Date("2026-12-01T02:00:00Z");
    const client = { address: "10.3.1.1", device: null };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => checkPassword(db(), "13800005555", `wrong password ${i}`, client, now)),
    );
    expect(results.every((r) => r === null)).toBe(true);
    expect(await checkPassword(db(), "13800005555", PASSWORD, client, new Date(now.getTime() + 1000))).toBeNull();
    const own = (await throttle("13800005555")).find((r) => r.client === "password|address:10.3.1.1")!;
    expect(own.attempts).toBe(21);
    expect(own.lockedUntil!.getTime()).toBe(now.getTime() + 1000 + 15 * 60 * 1000);
    // Through the form too: nineteen at once from one address, then the right password.
    const wrong = await Promise.all(Array.from({ length: 19 }, (_, i) => signIn("13800005555", `not it ${i}`, "10.3.1.2")));
    expect(wrong.map((r) => r.status)).toEqual(Array(19).fill(401));
    const right = await signIn("13800005555", PASSWORD, "10.3.1.2");
    expect(right.status).toBe(401);
    expect(sessionCookie(right)).toBeUndefined();
  });

  it("after twenty failures from many addresses refuses strangers, but the member's own browser signs in", async () => {
    await createStaffCommand(db(), { phone: "13800006666", name: "吴网格", role: "grid_worker", area: "jh0502", password: PASSWORD });
    const first = await signIn("13800006666", PASSWORD, "10.4.0.1");
    expect(first.status).toBe(303);
    const device = cookiesOf(first, "gs_device");
    expect(device).toMatch(/^gs_device=\d+\.[\w-]{16}\.[\w-]{32}$/);
    expect(first.headers.getSetCookie().find((line) => line.startsWith("gs_device="))).toContain("HttpOnly");
    for (let i = 0; i < 20; i++) expect((await signIn("13800006666", `guess ${i}`, `10.4.1.${i}`)).status).toBe(401);
    // From a new address without the cookie: refused, even with the right password.
    expect((await signIn("13800006666", PASSWORD, "10.4.2.1")).status).toBe(401);
    // The browser that signed in before, wherever it is now, gets in.
    const home = await postSignIn("13800006666", PASSWORD, "10.4.2.2", { cookie: device });
    expect(home.status).toBe(303);
    // A forged device cookie is a stranger.
    const forged = device.replace(/\.[\w-]{32}$/, `.${"A".repeat(32)}`);
    expect((await postSignIn("13800006666", PASSWORD, "10.4.2.3", { cookie: forged })).status).toBe(401);
  });

  it("lets an operator's new password unlock every client", async () => {
    for (let i = 0; i < 6; i++) await signIn("13800002222", `wrong again ${i}`, "10.3.9.9");
    expect((await signIn("13800002222", PASSWORD, "10.3.9.9")).status).toBe(401);
    const [member] = await db().select().from(staff).where(eq(staff.phone, "13800002222"));
    await updateStaff(db(), member!.id, { password: "a brand new password" });
    expect(await throttle("13800002222")).toEqual([]);
    expect((await signIn("13800002222", "a brand new password", "10.3.9.9")).status).toBe(303);
  });
});

describe("sessions", () => {
  it("ends with sign-out, which needs the CSRF token", async () => {
    const token = sessionCookie(await signIn("13800001111", PASSWORD))!;
    const headers = { cookie: `gs_session=${token}` };
    const noCsrf = await postForm("/staff/logout", {}, headers);
    expect(noCsrf.status).toBe(403);
    // A token of the right shape that is not this session's changes nothing either.
    const forged = await postForm("/staff/logout", { csrf: "A".repeat(32) }, headers);
    expect(forged.status).toBe(403);
    const otherSession = sessionCookie(await signIn("13800001111", PASSWORD))!;
    const othersToken = /name="csrf" value="([^"]+)"/.exec(
      await (await call("/staff", { headers: { cookie: `gs_session=${otherSession}` } })).text(),
    )![1]!;
    expect((await postForm("/staff/logout", { csrf: othersToken }, headers)).status).toBe(403);
    expect((await call("/staff", { headers, redirect: "manual" })).status).toBe(200);
    const html = await (await call("/staff", { headers })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const out = await postForm("/staff/logout", { csrf }, headers);
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/gs_session=;/);
    expect((await call("/staff", { headers, redirect: "manual" })).status).toBe(303);
    expect((await call("/api/v1/cases", { headers })).status).toBe(401);
  });

  it("expires", async () => {
    const token = sessionCookie(await signIn("13800001111", PASSWORD))!;
    await db()
      .update(staffSession)
      .set({ expiresAt: new Date(Date.now() - 1) });
    expect((await call("/staff", { headers: { cookie: `gs_session=${token}` }, redirect: "manual" })).status).toBe(303);
  });

  it("ends with a password reset alone (no other change)", async () => {
    const token = sessionCookie(await signIn("13800001111", PASSWORD))!;
    const headers = { cookie: `gs_session=${token}` };
    expect((await call("/staff", { headers, redirect: "manual" })).status).toBe(200);
    const [member] = await db().select().from(staff).where(eq(staff.phone, "13800001111"));
    await updateStaff(db(), member!.id, { password: PASSWORD });
    expect((await call("/staff", { headers, redirect: "manual" })).status).toBe(303);
    expect((await call("/api/v1/cases", { headers })).status).toBe(401);
  });

  it("stops working when the account is deactivated", async () => {
    const token = sessionCookie(await signIn("13800001111", PASSWORD))!;
    await db().update(staff).set({ active: false }).where(eq(staff.phone, "13800001111"));
    expect((await call("/staff", { headers: { cookie: `gs_session=${token}` }, redirect: "manual" })).status).toBe(303);
    await db().update(staff).set({ active: true }).where(eq(staff.phone, "13800001111"));
  });
});
