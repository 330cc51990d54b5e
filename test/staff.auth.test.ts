import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { staff } from "../schema/staff.ts";
import { staffSession } from "../schema/staff-session.ts";
import { createStaffCommand } from "../scripts/admin/commands.ts";
import { seedDemo } from "./helpers/seed.ts";
import { postForm } from "./helpers/staff-pages.ts";
import { call, db } from "./helpers/worker.ts";

const PASSWORD = "correct horse battery staple";
let ip = 0;

beforeAll(async () => {
  await seedDemo();
  await createStaffCommand(db(), { phone: "13800001111", name: "刘网格", role: "grid_worker", area: "jh0501", password: PASSWORD });
});

async function loginToken() {
  const html = await (await call("/staff/login")).text();
  return /name="token" value="([^"]+)"/.exec(html)![1]!;
}

/** Each test signs in from its own address so the per-client limit does not interfere. */
async function signIn(phone: string, password: string, client = `10.0.0.${++ip}`) {
  return postForm("/staff/login", { token: await loginToken(), phone, password }, { "cf-connecting-ip": client });
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
    const res = await postForm("/staff/login", { token: await loginToken(), phone: "13800001111", password: PASSWORD, next: "/staff/cases" }, { "cf-connecting-ip": "10.1.0.1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff/cases");
    const cookie = res.headers.get("set-cookie")!;
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
    const away = await postForm("/staff/login", { token: await loginToken(), phone: "13800001111", password: PASSWORD, next: "https://evil.example/" }, { "cf-connecting-ip": "10.1.0.2" });
    expect(away.headers.get("location")).toBe("/staff");
  });

  it("refuses a sign-in form that did not come from this site", async () => {
    const res = await postForm("/staff/login", { phone: "13800001111", password: PASSWORD }, { "cf-connecting-ip": "10.1.0.3" });
    expect(res.status).toBe(400);
    expect(sessionCookie(res)).toBeUndefined();
  });

  it("locks the account after five failures, even for the right password", async () => {
    await createStaffCommand(db(), { phone: "13800002222", name: "陈网格", role: "grid_worker", area: "jh0502", password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await signIn("13800002222", `wrong ${i} password`)).status).toBe(401);
    expect((await signIn("13800002222", PASSWORD)).status).toBe(401);
    const [row] = await db().select().from(staff).where(eq(staff.phone, "13800002222"));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60 * 1000);
    // Fifteen minutes later it opens again.
    await db().update(staff).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(staff.phone, "13800002222"));
    expect((await signIn("13800002222", PASSWORD)).status).toBe(303);
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

describe("sessions", () => {
  it("ends with sign-out, which needs the CSRF token", async () => {
    const token = sessionCookie(await signIn("13800001111", PASSWORD))!;
    const headers = { cookie: `gs_session=${token}` };
    const noCsrf = await postForm("/staff/logout", {}, headers);
    expect(noCsrf.status).toBe(403);
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
    await db().update(staffSession).set({ expiresAt: new Date(Date.now() - 1) });
    expect((await call("/staff", { headers: { cookie: `gs_session=${token}` }, redirect: "manual" })).status).toBe(303);
  });

  it("stops working when the account is deactivated", async () => {
    const token = sessionCookie(await signIn("13800001111", PASSWORD))!;
    await db().update(staff).set({ active: false }).where(eq(staff.phone, "13800001111"));
    expect((await call("/staff", { headers: { cookie: `gs_session=${token}` }, redirect: "manual" })).status).toBe(303);
    await db().update(staff).set({ active: true }).where(eq(staff.phone, "13800001111"));
  });
});
