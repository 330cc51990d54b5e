// The demo district's ready sign-ins (npm start): one per role, local only, refused by production servers.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { STAFF_ROLES } from "../schema/constants.ts";
import { staff } from "../schema/staff.ts";
import { ensureDemoSignIns, formatDemoSignIns } from "../scripts/seed/demo-sign-ins.ts";
import { DEMO_PASSWORD } from "../worker/auth/demo-password.ts";
import { checkPassword } from "../worker/auth/sign-in.ts";
import worker from "../worker/index.ts";
import { updateStaff } from "../worker/staff/admin/staff.ts";
import { seedDemo } from "./helpers/seed.ts";
import { postSignIn } from "./helpers/staff-pages.ts";
import { call, db, ORIGIN } from "./helpers/worker.ts";

let ip = 0;
const passwordOf = async (phone: string) => (await db().select().from(staff).where(eq(staff.phone, phone)))[0]?.passwordHash ?? null;

beforeAll(seedDemo);

describe("demo sign-ins", () => {
  it("are not given to a database that is not the demo district as seeded, nor to a remote one", async () => {
    const [grid] = await db().select().from(staff).where(eq(staff.phone, "18781195636"));
    expect(grid).toMatchObject({ name: "崔丽", role: "grid_worker", passwordHash: null });
    await expect(ensureDemoSignIns(db(), { remote: true })).rejects.toThrow(/local database only/);
    // A district whose people are not the demo's (here one renamed) gets none.
    await db().update(staff).set({ name: "别人" }).where(eq(staff.id, grid!.id));
    expect(await ensureDemoSignIns(db(), { remote: false })).toEqual([]);
    expect(await passwordOf("18781195636")).toBeNull();
    expect(await db().select().from(staff).where(eq(staff.phone, "17000000001"))).toEqual([]);
    await db().update(staff).set({ name: "崔丽" }).where(eq(staff.id, grid!.id));
  });

  it("give one account per role the demo password, each of which signs in on a development server", async () => {
    const signIns = await ensureDemoSignIns(db(), { remote: false });
    expect(signIns.map((s) => s.role)).toEqual([...STAFF_ROLES]);
    expect(signIns.find((s) => s.role === "grid_worker")).toEqual({
      role: "grid_worker",
      name: "崔丽",
      phone: "18781195636",
      place: "同心园社区第1网格",
    });
    expect(signIns.find((s) => s.role === "department_officer")?.place).toBe("区市场监督管理局");
    for (const s of signIns) {
      const res = await postSignIn(s.phone, DEMO_PASSWORD, `10.7.0.${++ip}`);
      expect([s.role, res.status]).toEqual([s.role, 303]);
      const cookie = /gs_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
      const workspace = await call("/staff", { headers: { cookie: `gs_session=${cookie}` }, redirect: "manual" });
      // Dispatchers and admins are sent to set up the second factor first.
      const twoStep = s.role === "admin" || s.role === "district_dispatcher";
      expect([s.role, workspace.status, workspace.headers.get("location")]).toEqual(
        twoStep ? [s.role, 303, "/staff/security"] : [s.role, 200, null],
      );
    }
    const printed = formatDemoSignIns(signIns, "http://127.0.0.1:8787");
    expect(printed).toContain(`http://127.0.0.1:8787/staff/login, password for all: ${DEMO_PASSWORD}`);
    for (const s of signIns) expect(printed).toContain(s.phone);
    expect(printed).toContain("专职网格员 · 崔丽 · 同心园社区第1网格");
  });

  it("keep a password set since, and change nothing when run again", async () => {
    const [chief] = await db().select().from(staff).where(eq(staff.phone, "15100093149"));
    await updateStaff(db(), chief!.id, { password: "the chief's own password" });
    const changed = await passwordOf("15100093149");
    const before = await passwordOf("18781195636");
    const again = await ensureDemoSignIns(db(), { remote: false });
    expect(again.map((s) => s.role)).not.toContain("grid_chief");
    expect(again).toHaveLength(STAFF_ROLES.length - 1);
    expect(await passwordOf("15100093149")).toBe(changed);
    expect(await passwordOf("18781195636")).toBe(before);
  });

  it("open nothing on a production server, even where the stored hash matches", async () => {
    const client = { address: "10.7.1.1", device: null };
    expect(await checkPassword(db(), "18781195636", DEMO_PASSWORD, client)).toBeNull();
    expect(await checkPassword(db(), "18781195636", DEMO_PASSWORD, client, new Date(), { demoPasswordAccepted: true })).toMatchObject({
      name: "崔丽",
    });

    // The whole sign-in form, served as production serves it (its own secrets, not development's).
    const production = {
      ...env,
      GRIDSTATION_ENV: "production",
      FORM_SECRET: "a production form secret for this test",
      ENCRYPTION_KEY: "a production encryption key for this test",
    } as typeof env;
    const fetchProduction = async (path: string, init?: RequestInit) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`${ORIGIN}${path}`, init), production, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const signInThere = async (password: string) => {
      const form = await fetchProduction("/staff/login");
      const token = /name="token" value="([^"]+)"/.exec(await form.text())![1]!;
      const cookie = /gs_login=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")![1]!;
      return fetchProduction("/staff/login", {
        method: "POST",
        body: new URLSearchParams({ token, phone: "18781195636", password }),
        headers: { cookie: `gs_login=${cookie}`, "cf-connecting-ip": `10.7.2.${++ip}` },
        redirect: "manual",
      });
    };
    const refused = await signInThere(DEMO_PASSWORD);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("set-cookie") ?? "").not.toContain("gs_session=");
    // The same server opens the account with a password of its own.
    const [grid] = await db().select().from(staff).where(eq(staff.phone, "18781195636"));
    await updateStaff(db(), grid!.id, { password: "a real password of hers" });
    expect((await signInThere("a real password of hers")).status).toBe(303);
  });
});
