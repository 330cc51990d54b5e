import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, screenshot, sendReport } from "./chromium.ts";
import { STAFF_ACCOUNTS, STAFF_PASSWORD } from "./server.ts";

// The street's area page with its charts and the ranking a district leader prints, on a desktop
// (1280×800, JavaScript off), on both runtimes.

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

for (const { runtime, baseUrl } of inject("servers")) {
  const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);

  async function desktopSignedIn(who: "street"): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/staff/login`);
    await page.getByLabel("手机号").fill(STAFF_ACCOUNTS[who].phone);
    await page.getByLabel("密码").fill(STAFF_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${baseUrl}/staff`);
    return page;
  }

  /** The data values of one chart's marks of one series, as drawn. */
  const drawn = (page: Page, chart: string, series: string) =>
    page
      .locator(`#${chart} svg .mark[data-series="${series}"]`)
      .evaluateAll((marks) => marks.map((m) => Number(m.getAttribute("data-value"))));

  describe(`charts and ranking on a desktop, on ${runtime}`, () => {
    it("the street's page draws this week's reports as the statistics API counts them, and sorts its communities by a link", async () => {
      const resident = await browser.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
      for (const text of ["图表测试：楼上住户深夜噪音扰民", "图表测试：物业与业主停车费纠纷"]) {
        await resident.goto(`${baseUrl}/s/JH0502V?lang=zh`);
        await resident.getByLabel("矛盾纠纷（邻里、物业等）").check();
        await resident.getByLabel("问题描述").fill(`${text} ${runtime} ${Date.now()}`);
        await sendReport(resident);
      }
      await resident.close();

      const page = await desktopSignedIn("street");
      for (const id of ["weekly-cases", "weekly-rates", "open-by-category", "open-by-level", "child-rates", "solved-at-level"]) {
        expect(await page.locator(`#${id} svg`).isVisible(), id).toBe(true);
      }
      // Nothing wider than the window.
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(1280);
      const stats = await (await page.request.get(`${baseUrl}/api/v1/stats?area=jh`)).json();
      expect(await drawn(page, "weekly-cases", "filed")).toEqual(stats.weeks.map((w: { filed: number }) => w.filed));
      expect(stats.weeks.at(-1).filed).toBeGreaterThanOrEqual(2);
      expect(await drawn(page, "open-by-category", "dispute")).toEqual([stats.open_by_category.dispute]);
      // The table behind the picture opens without a script.
      await page.locator("#weekly-cases summary").click();
      await expect.poll(() => page.locator("#weekly-cases table").isVisible()).toBe(true);
      await screenshot(page, shot("staff-area-charts"));

      await page.locator("#area-rates a", { hasText: "从低到高" }).first().click();
      await page.waitForURL(/sort=resolution&dir=asc/);
      expect(await page.locator("#child-rates desc").textContent()).toContain("按解决率从低到高排列");
      await page.context().close();
    });

    it("the ranking orders the street's communities for this month, and prints as one clean table", async () => {
      const page = await desktopSignedIn("street");
      await page.goto(`${baseUrl}/staff/ranking?of=community&period=month`);
      const rows = page.locator("table.ranking tbody tr");
      expect(await rows.count()).toBeGreaterThan(1);
      expect(await page.locator("table.ranking caption").textContent()).toMatch(/三率排行 · 社区 · \d{4}-\d{2}-01 至/);
      await screenshot(page, shot("staff-ranking"));
      // The period form works without a script: a custom range comes back ranked, its dates kept.
      await page.getByLabel("自定义日期").check();
      await page.getByLabel("起始日期").fill("2026-01-01");
      await page.getByLabel("截止日期（含当天）").fill("2026-06-30");
      await page.getByRole("button", { name: "查看" }).click();
      await page.waitForURL(/period=custom/);
      expect(await page.locator("table.ranking caption").textContent()).toContain("2026-01-01 至 2026-06-30");

      await page.emulateMedia({ media: "print" });
      expect(await page.locator("header.top").isVisible()).toBe(false);
      expect(await page.locator("form.ranking").isVisible()).toBe(false);
      expect(await page.locator("table.ranking").isVisible()).toBe(true);
      await screenshot(page, shot("staff-ranking-print"));
      await page.context().close();
    });
  });
}
