import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { totpCode } from "../../worker/auth/totp.ts";
import { launch, screenshot } from "./chromium.ts";
import { STAFF_ACCOUNTS, STAFF_PASSWORD } from "./server.ts";

// A resident follows their case on a phone without JavaScript while staff move it up to a
// department: the trail names who has it in plain words and hides the hand-over reasons nobody
// marked for them; the resident adds a note, urges the case once it is overdue (the scheduler run
// at a chosen time, as `wrangler dev` and the self-hosted server offer in development) and grades
// the answer 基本满意.

let browser: Browser;
let phone: BrowserContext;

beforeAll(async () => {
  browser = await launch();
  phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: false,
    locale: "zh-CN",
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
});

afterAll(async () => {
  await browser?.close();
});

const INTERNAL = ["物业拒不整改，需社区协调", "物业拒不整改，需街道综合执法介入。", "请核查物业的收费台账"];
const MARKED = "需街道执法队到场，已电话告知居民";

for (const { runtime, baseUrl } of inject("servers")) {
  /** Screenshots keep their names on workerd; the Node runtime's are prefixed. */
  const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);
  const authenticator = new Map<string, string>();

  /** A staff phone with JavaScript off, signed in; the district dispatcher enrols its second factor first. */
  async function signedIn(who: keyof typeof STAFF_ACCOUNTS): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/staff/login`);
    await page.getByLabel("手机号").fill(STAFF_ACCOUNTS[who].phone);
    await page.getByLabel("密码").fill(STAFF_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    if (STAFF_ACCOUNTS[who].role === "district_dispatcher") {
      const secret = authenticator.get(who);
      if (secret) {
        await page.getByLabel("验证码或恢复码").fill(await totpCode(secret, new Date()));
        await page.getByRole("button", { name: "验证" }).click();
      } else {
        await page.waitForURL(`${baseUrl}/staff/security`);
        const key = (await page.locator("#totp-key").innerText()).replace(/\s/g, "");
        await page.getByLabel(/输入应用显示的 6 位验证码/).fill(await totpCode(key, new Date()));
        await page.getByRole("button", { name: "开启两步验证" }).click();
        authenticator.set(who, key);
        await page.getByRole("link", { name: "进入工作台" }).click();
      }
    }
    await page.waitForURL(`${baseUrl}/staff`);
    return page;
  }

  /** Opens the case, unfolds an action's form, fills it (ticking "show this to the resident" when asked) and sends it. */
  async function act(
    page: Page,
    caseId: string,
    label: string,
    fields: { fill?: Record<string, string>; select?: Record<string, string>; forResident?: boolean } = {},
  ) {
    await page.goto(`${baseUrl}/staff/cases/${caseId}`);
    const form = page.locator("details.action").filter({ has: page.locator(`summary:text-is("${label}")`) });
    await form.locator("summary").click();
    for (const [field, value] of Object.entries(fields.fill ?? {})) await form.locator(`[name="${field}"]`).fill(value);
    for (const [field, value] of Object.entries(fields.select ?? {})) await form.locator(`[name="${field}"]`).selectOption(value);
    if (fields.forResident) await form.getByLabel("让居民看到这段说明").check();
    await form.getByRole("button", { name: label }).click();
    await page.waitForURL(new RegExp(`/staff/cases/${caseId}\\?done=`));
  }

  describe(`the resident's trail on ${runtime}`, () => {
    it("names who has the case in plain words, hides unmarked reasons, and takes a note, an urge and a grade", async () => {
      // An emergency (two hours at every level), so a scheduler run three hours on finds it overdue.
      const resident = await phone.newPage();
      await resident.goto(`${baseUrl}/s/JH0501V`);
      await resident.getByLabel("突发事件").check();
      await resident.getByLabel("问题描述").fill("小区东门的消防栓在漏水，地面结冰很滑");
      await resident.getByRole("button", { name: "提交" }).click();
      await resident.waitForURL(/\/t\/[A-Z0-9]{10}\?new=1#top$/);
      const trackingUrl = resident.url().replace(/\?.*$/, "");

      // The resident adds what they noticed since.
      await resident.getByLabel("补充说明（2–2000字）").fill("早上已经有老人在这里滑倒了");
      await resident.getByRole("button", { name: "提交补充" }).click();
      await resident.waitForURL(/\?done=supplement$/);
      expect(await resident.locator(".ok").innerText()).toContain("已收到您补充的情况");
      expect(await resident.locator("ol.timeline").innerText()).toContain("您补充了情况\n早上已经有老人在这里滑倒了");

      // Staff take it from the grid to the market supervision bureau; one reason is marked for the resident.
      const grid = await signedIn("grid");
      await grid
        .getByRole("link", { name: /消防栓在漏水/ })
        .first()
        .click();
      const caseId = /\/staff\/cases\/([0-9A-Z]{26})/.exec(grid.url())![1]!;
      expect(await grid.locator("body").innerText()).toContain("早上已经有老人在这里滑倒了");
      await act(grid, caseId, "接单");
      await act(grid, caseId, "上报社区", { fill: { reason: INTERNAL[0]! } });
      await act(await signedIn("community"), caseId, "上报街道", { fill: { reason: MARKED }, forResident: true });
      await act(await signedIn("street"), caseId, "吹哨", { fill: { reason: INTERNAL[1]! } });
      await act(await signedIn("trailDistrict"), caseId, "派单", {
        fill: { note: INTERNAL[2]! },
        select: { department_id: "market_supervision" },
      });
      const market = await signedIn("market");
      await act(market, caseId, "报到");

      await resident.goto(trackingUrl);
      const trail = await resident.locator("ol.timeline").innerText();
      for (const line of [
        "已受理您的反映，交由 同心园社区第1网格 处理",
        "已转交 同心园社区 处理",
        `已转交 涧河街道 处理\n${MARKED}`,
        "已转交 杏花岭区综治中心 处理",
        "已交由 区市场监督管理局 办理",
        "区市场监督管理局 已接手办理",
      ])
        expect(trail).toContain(line);
      const page = await resident.locator("body").innerText();
      expect(page).toContain("当前办理: 区市场监督管理局");
      for (const hidden of [...INTERNAL, "街道吹哨", "部门报到", "派单至职能部门"])
        expect([hidden, page.includes(hidden)]).toEqual([hidden, false]);
      await screenshot(resident, shot("trail-plain-words"));

      // Staff see which texts the resident reads.
      await market.goto(`${baseUrl}/staff/cases/${caseId}`);
      const staffTrail = await market.locator("ol.timeline").innerText();
      expect(staffTrail).toContain(`居民可见\n${MARKED}\n居民看到：已转交 涧河街道 处理`);
      expect(staffTrail).toContain(`居民可见 说明仅内部\n${INTERNAL[1]}\n居民看到：已转交 杏花岭区综治中心 处理`);
      await screenshot(market, shot("trail-staff-visibility"));

      // Three hours on, the scheduler finds the case past its two hours: the resident may urge it.
      const run = await fetch(`${baseUrl}/cdn-cgi/local/scheduled?time=${Date.now() + 3 * 3600_000}`);
      expect(run.status, await run.text()).toBe(200);
      await resident.goto(trackingUrl);
      expect(await resident.locator(".card").first().innerText()).toContain("已超过办理时限");
      await resident.getByRole("button", { name: "催办" }).click();
      await resident.waitForURL(/\?done=urge$/);
      expect(await resident.locator(".ok").innerText()).toContain("已催办");
      expect(await resident.locator("ol.timeline").innerText()).toContain("您催办了一次");
      await screenshot(resident, shot("trail-urged"));

      // The bureau answers; the resident grades it 基本满意.
      await act(market, caseId, "办结并答复", { fill: { resolution: "已派人关闭阀门并更换消防栓，地面已清理" } });
      await resident.goto(trackingUrl);
      await resident.getByLabel("基本满意").check();
      await resident.getByLabel("留言（可选）").fill("修好了，就是慢了点");
      await screenshot(resident, shot("trail-feedback-grades"));
      await resident.getByRole("button", { name: "提交评价" }).click();
      await resident.waitForURL(/\?thanks=1$/);
      const graded = await resident.locator("body").innerText();
      expect(graded).toContain("感谢您的评价");
      expect(graded).toContain("已办结");
      expect(graded).toContain("您的评价：基本满意\n修好了，就是慢了点");
      await screenshot(resident, shot("trail-feedback-given"));
      await market.goto(`${baseUrl}/staff/cases/${caseId}`);
      expect(await market.locator(".card").first().innerText()).toContain("居民评价: 基本满意 修好了，就是慢了点");
    });
  });
}
