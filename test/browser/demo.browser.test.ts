// A newcomer's first contact, at a desktop's size: `npm start` (and `npm run selfhost`) over a
// fresh folder prints one sign-in per role; the printed credentials sign in; the admin sets up
// two-step verification, mistyping a code once; the admin pages name roles and areas.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hotp, totpCode } from "../../worker/auth/totp.ts";
import { launch, screenshot } from "./chromium.ts";

const ROOT = join(import.meta.dirname, "..", "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  folder: string;
  loginUrl: string;
  password: string;
  signIns: Map<string, string>;
}

/** Runs `npm start` (or `npm run selfhost`) as a newcomer would, over a folder of its own, until it prints the sign-ins. */
async function npmStart(runtime: "workerd" | "node"): Promise<Started> {
  const folder = mkdtempSync(join(tmpdir(), `gridstation-start-${runtime}-`));
  const port = await freePort();
  const variables = runtime === "node" ? { GRIDSTATION_RUNTIME: "node", GRIDSTATION_DATA: folder } : { GRIDSTATION_PERSIST_TO: folder };
  const child = spawn(process.execPath, [join(ROOT, "scripts/start.ts")], {
    cwd: ROOT,
    env: { ...process.env, ...variables, PORT: String(port), WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const printed = /Demo sign-ins \(this machine only\) at (\S+), password for all: (\S+)\n((?: {2}1\d{10} .*\n)+)District dispatchers/;
  const header = await waitFor(
    () => printed.exec(output),
    child,
    240_000,
    () => `npm start (${runtime}) printed no sign-ins:\n${output}`,
  );
  const signIns = new Map([...header[3]!.matchAll(/ {2}(1\d{10}) +(\w+) /g)].map((m) => [m[2]!, m[1]!]));
  return { child, output: () => output, folder, loginUrl: header[1]!, password: header[2]!, signIns };
}

/** Polls until `found` answers, failing when the child exits or the time is up. */
async function waitFor<T>(found: () => T | null, child: ChildProcess, ms: number, failure: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = found();
    if (value) return value;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(failure());
    await new Promise((r) => setTimeout(r, 250));
  }
}

let browser: Browser;
const started: Started[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  for (const run of started) {
    if (run.child.exitCode === null) {
      run.child.kill("SIGTERM");
      await new Promise((r) => run.child.once("exit", r));
    }
    rmSync(run.folder, { recursive: true, force: true });
  }
});

for (const runtime of ["workerd", "node"] as const) {
  describe(`first contact: npm ${runtime === "node" ? "run selfhost" : "start"}`, () => {
    const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);
    let run: Started;

    beforeAll(async () => {
      run = await npmStart(runtime);
      started.push(run);
    }, 300_000);

    async function desktop(): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false, locale: "zh-CN" });
      return context.newPage();
    }

    async function signIn(page: Page, role: string) {
      await page.goto(run.loginUrl);
      await page.getByLabel("手机号").fill(run.signIns.get(role)!);
      await page.getByLabel("密码").fill(run.password);
      await page.getByRole("button", { name: "登录" }).click();
    }

    it("prints one sign-in per role and runs the scheduler by itself", async () => {
      expect([...run.signIns.keys()]).toEqual([
        "grid_assistant",
        "grid_worker",
        "part_time_grid_worker",
        "grid_chief",
        "community_staff",
        "street_officer",
        "district_dispatcher",
        "department_officer",
        "admin",
      ]);
      expect(run.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/staff\/login$/);
      // The Cron Trigger's work ran without anyone asking (at start; then every five minutes).
      await waitFor(
        () => /"msg":"scheduler"/.test(run.output()),
        run.child,
        30_000,
        () => `no scheduler run:\n${run.output()}`,
      );
    });

    it("signs a grid worker in with the printed credentials", async () => {
      const page = await desktop();
      await signIn(page, "grid_worker");
      await page.waitForURL(/\/staff$/);
      expect(await page.content()).toContain("需要我处理");
      await screenshot(page, shot("demo-grid-worker-signed-in"));
      await page.context().close();
    });

    it("takes the admin through two-step enrolment, a mistyped code and all, to the admin pages", async () => {
      const page = await desktop();
      await signIn(page, "admin");
      await page.waitForURL(/\/staff\/security$/);
      const key = (await page.locator("#totp-key").innerText()).replace(/\s/g, "");
      await page.reload();
      expect((await page.locator("#totp-key").innerText()).replace(/\s/g, "")).toBe(key);

      const step = Math.floor(Date.now() / 30_000);
      const near = new Set(await Promise.all([-1, 0, 1, 2].map((d) => hotp(key, step + d))));
      const wrong = ["000000", "111111", "222222", "333333", "444444"].find((c) => !near.has(c))!;
      await page.getByLabel(/输入应用显示的 6 位验证码/).fill(wrong);
      await page.getByRole("button", { name: "开启两步验证" }).click();
      expect(await page.getByRole("alert").innerText()).toContain("验证码不正确");
      expect(await page.content()).toContain("自动设置");
      expect((await page.locator("#totp-key").innerText()).replace(/\s/g, "")).toBe(key);
      await screenshot(page, shot("demo-second-factor-wrong-code"));

      await page.getByLabel(/输入应用显示的 6 位验证码/).fill(await totpCode(key, new Date()));
      await page.getByRole("button", { name: "开启两步验证" }).click();
      expect(await page.locator("ol.codes li").count()).toBe(10);
      await page.getByRole("link", { name: "进入工作台" }).click();
      await page.waitForURL(/\/staff$/);

      await page.goto(run.loginUrl.replace("/staff/login", "/staff/admin/staff?q=崔丽"));
      expect(await page.locator("a.who").first().innerText()).toContain("专职网格员");
      await page.selectOption("select#area", "jh0501");
      expect(await page.locator("select#area option:checked").innerText()).toContain("同心园社区第1网格");
      await screenshot(page, shot("demo-admin-staff"));
      await page.context().close();
    });
  });
}
