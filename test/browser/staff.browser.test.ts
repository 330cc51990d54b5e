import { Buffer } from "node:buffer";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { totpCode } from "../../worker/auth/totp.ts";
import { launch, screenshot } from "./chromium.ts";

const PHOTO = new URL("../fixtures/photos/jpeg-mpf-trailer.jpg", import.meta.url).pathname;

import { STAFF_ACCOUNTS, STAFF_PASSWORD } from "./server.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

for (const { runtime, baseUrl } of inject("servers")) {
  /** Screenshots keep their names on workerd; the Node runtime's are prefixed. */
  const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);

  /** Authenticator secrets of the accounts that enrolled during the run, as the phone app holds them. */
  const authenticator = new Map<string, string>();

  /**
   * A fresh phone with JavaScript off, signed in as one of the test accounts. A district dispatcher
   * must turn on two-step verification at the first sign-in (scanning is replaced by reading the
   * key printed under the QR code) and gives a code from then on.
   */
  async function signedIn(who: keyof typeof STAFF_ACCOUNTS): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/staff`);
    await page.waitForURL(/\/staff\/login/);
    await page.getByLabel("手机号").fill(STAFF_ACCOUNTS[who].phone);
    await page.getByLabel("密码").fill(STAFF_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    if (who === "district") {
      const secret = authenticator.get(who);
      if (secret) {
        await page.getByLabel("验证码或恢复码").fill(await totpCode(secret, new Date()));
        await page.getByRole("button", { name: "验证" }).click();
      } else {
        await page.waitForURL(`${baseUrl}/staff/security`);
        const key = (await page.locator("#totp-key").innerText()).replace(/\s/g, "");
        await screenshot(page, shot("staff-second-factor-enrol"));
        await page.getByLabel(/输入应用显示的 6 位验证码/).fill(await totpCode(key, new Date()));
        await page.getByRole("button", { name: "开启两步验证" }).click();
        expect(await page.locator("ol.codes li").count()).toBe(10);
        authenticator.set(who, key);
        await page.getByRole("link", { name: "进入工作台" }).click();
      }
    }
    await page.waitForURL(`${baseUrl}/staff`);
    return page;
  }

  /** Opens the case, unfolds an action's form, fills what it needs and sends it. */
  async function act(page: Page, caseId: string, label: string, fill: Record<string, string> = {}, select: Record<string, string> = {}) {
    await page.goto(`${baseUrl}/staff/cases/${caseId}`);
    const form = page.locator("details.action").filter({ has: page.locator(`summary:text-is("${label}")`) });
    await form.locator("summary").click();
    for (const [field, value] of Object.entries(fill)) await form.locator(`[name="${field}"]`).fill(value);
    for (const [field, value] of Object.entries(select)) await form.locator(`[name="${field}"]`).selectOption(value);
    await form.getByRole("button", { name: label }).click();
    await page.waitForURL(new RegExp(`/staff/cases/${caseId}\\?done=`));
  }

  describe(`staff on phones, on ${runtime}`, () => {
    it("a grid worker accepts and escalates a resident's report; a department officer resolves it", async () => {
      // A resident reports at the station.
      const resident = await browser.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
      await resident.goto(`${baseUrl}/s/JH0501V?lang=zh`);
      await resident.getByLabel("矛盾纠纷（邻里、物业等）").check();
      await resident.getByLabel("问题描述").fill("楼下烧烤店油烟和噪音影响休息，协商无果");
      // A phone photo with its GPS position in the EXIF (test/fixtures/photos).
      await resident.locator("#photo").setInputFiles(PHOTO);
      await resident.getByRole("button", { name: "提交" }).click();
      await resident.waitForURL(/\/t\/[A-Z0-9]{10}/);
      const trackingUrl = resident.url().replace(/\?.*$/, "");

      const grid = await signedIn("grid");
      expect(await grid.locator("body").innerText()).toContain("需要我处理");
      await grid
        .getByRole("link", { name: /楼下烧烤店/ })
        .first()
        .click();
      const caseId = /\/staff\/cases\/([0-9A-Z]{26})/.exec(grid.url())![1]!;
      await screenshot(grid, shot("staff-case-grid"));
      // The photo as stored (R2 on workerd, the data folder on Node): the picture, without its EXIF.
      const photo = await grid.request.get(`${baseUrl}/staff/cases/${caseId}/photo`);
      expect([photo.status(), photo.headers()["content-type"]]).toEqual([200, "image/jpeg"]);
      const bytes = await photo.body();
      expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(bytes.includes(Buffer.from("MM\0*")) || bytes.includes(Buffer.from("II*\0"))).toBe(false);
      await act(grid, caseId, "接单");
      await act(grid, caseId, "上报社区", { reason: "商户经营问题，需社区协调" });
      expect(await grid.locator("body").innerText()).toContain("社区");

      await act(await signedIn("community"), caseId, "上报街道", { reason: "需街道执法" });
      await act(await signedIn("street"), caseId, "吹哨", { reason: "多部门职责" });
      await act(await signedIn("district"), caseId, "派单", {}, { department_id: "market_supervision" });

      const market = await signedIn("market");
      await screenshot(market, shot("staff-dashboard-department"));
      await act(market, caseId, "报到");
      await act(market, caseId, "办结并答复", { resolution: "已责令商户安装油烟净化器并限定营业时间" });
      await screenshot(market, shot("staff-case-resolved"));
      expect(await market.locator("body").innerText()).toContain("已答复，待评价");

      await resident.goto(`${trackingUrl}?lang=zh`);
      const text = await resident.locator("body").innerText();
      expect(text).toContain("已责令商户安装油烟净化器");
      // Where the case went, in plain words: test/browser/trail.browser.test.ts follows that.
      expect(text).toContain("已交由 区市场监督管理局 办理");
      await screenshot(resident, shot("tracking-resolved"));
    });
  });
}
