import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, screenshot } from "./chromium.ts";
import { STAFF_ACCOUNTS, STAFF_PASSWORD } from "./server.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

for (const { runtime, baseUrl, webhookKey } of inject("servers")) {
  const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);
  // Each run its own word, so the count is this run's cases whatever the servers hold already.
  const run = `${runtime}${Date.now().toString(36)}`;
  const word = `桌面列表${run}`;
  const codes: string[] = [];

  /** Files a case at station JH0503V (the test key's area) through the API. */
  async function file(i: number) {
    const res = await fetch(`${baseUrl}/api/v1/cases`, {
      method: "POST",
      headers: { authorization: `Bearer ${webhookKey}`, "content-type": "application/json", "idempotency-key": `case-list-${run}-${i}` },
      body: JSON.stringify({ category: "safety_hazard", description: `${word} 第${i}件：消防通道堆物`, station_code: "JH0503V" }),
    });
    expect(res.status).toBe(201);
    codes.push(((await res.json()) as { tracking_code: string }).tracking_code);
  }

  async function signedIn(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/staff/login`);
    await page.getByLabel("手机号").fill(STAFF_ACCOUNTS.community.phone);
    await page.getByLabel("密码").fill(STAFF_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${baseUrl}/staff`);
    return page;
  }

  describe(`the case list on a desktop, on ${runtime}`, () => {
    it("searches, sorts and pages forward and back with the filters in view", async () => {
      for (let i = 0; i < 30; i++) await file(i);
      const page = await signedIn();
      await page.goto(`${baseUrl}/staff/cases`);
      // At 1280 px the filters are on screen without unfolding anything.
      await expect(page.locator("form.filters").isVisible()).resolves.toBe(true);
      await expect(page.locator("details.filters-fold").isVisible()).resolves.toBe(false);

      await page.getByLabel("关键词").fill(word);
      await page.getByLabel("排序").selectOption({ label: "最早登记" });
      await page.getByRole("button", { name: "筛选" }).click();
      await page.waitForURL(/sort=oldest/);
      await expect(page.locator("#total").textContent()).resolves.toBe("共 30 件");
      const lines = page.locator("ul.card li");
      expect(await lines.count()).toBe(25);
      await expect(lines.first().textContent()).resolves.toContain(`${word} 第0件`);
      await screenshot(page, shot("staff-case-list-desktop"));

      await page.getByRole("link", { name: "下一页" }).click();
      expect(await lines.count()).toBe(5);
      await expect(lines.last().textContent()).resolves.toContain(`${word} 第29件`);
      await page.getByRole("link", { name: "上一页" }).click();
      expect(await lines.count()).toBe(25);
      await expect(lines.first().textContent()).resolves.toContain(`${word} 第0件`);
      await expect(page.getByRole("link", { name: "上一页" }).count()).resolves.toBe(0);

      // A tracking code read out over the phone, in lower case with a space.
      const code = codes[17]!;
      await page.getByLabel("关键词").fill(`${code.slice(0, 4)} ${code.slice(4)}`.toLowerCase());
      await page.getByRole("button", { name: "筛选" }).click();
      await page.waitForURL(/q=/);
      await expect(page.locator("#total").textContent()).resolves.toBe("共 1 件");
      await expect(lines.first().textContent()).resolves.toContain(`${word} 第17件`);
      await page.context().close();
    });
  });
}
