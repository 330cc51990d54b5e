import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, screenshot, sendReport } from "./chromium.ts";
import { STAFF_ACCOUNTS, STAFF_PASSWORD } from "./server.ts";

// A grid worker at an office desk (1280×800, no JavaScript) takes one case through a few actions:
// each button a verb, each action confirmed after the redirect, the place by name, the resident's
// photo beside the photo of the result, which the resident then sees; the resident is not
// satisfied, and the case comes back marked 重办 1次 with the grade.

const BEFORE = new URL("../fixtures/photos/jpeg-mpf-trailer.jpg", import.meta.url).pathname;
const AFTER = new URL("../fixtures/photos/jpeg-progressive.jpg", import.meta.url).pathname;

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

for (const { runtime, baseUrl } of inject("servers")) {
  const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);

  async function atDesk(who: "grid" | "community"): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/staff/login`);
    await page.getByLabel("手机号").fill(STAFF_ACCOUNTS[who].phone);
    await page.getByLabel("密码").fill(STAFF_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${baseUrl}/staff`);
    return page;
  }

  /** Unfolds the form of the button with this verb, fills it, sends it, and answers the confirmation shown. */
  async function act(page: Page, caseId: string, verb: string, fill: Record<string, string> = {}, files: Record<string, string> = {}) {
    await page.goto(`${baseUrl}/staff/cases/${caseId}`);
    const form = page.locator("details.action").filter({ has: page.locator(`summary:text-is("${verb}")`) });
    await form.locator("summary").click();
    for (const [field, value] of Object.entries(fill)) await form.locator(`[name="${field}"]`).fill(value);
    for (const [field, path] of Object.entries(files)) await form.locator(`[name="${field}"]`).setInputFiles(path);
    await form.getByRole("button", { name: verb }).click();
    await page.waitForURL(new RegExp(`/staff/cases/${caseId}\\?done=`));
    return page.locator("p.ok[role=status]").innerText();
  }

  describe(`the case screen at a desk, on ${runtime}`, () => {
    it("takes a case through verbs, each confirmed, with before and after photos and the resident's grade", async () => {
      const resident = await browser.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
      await resident.goto(`${baseUrl}/s/JH0501V?lang=zh`);
      await resident.getByLabel("安全隐患（楼道堆物、电动车充电、燃气等）").check();
      const description = `3号楼一单元楼道堆满纸箱，堵住了消防通道 ${runtime} ${Date.now()}`;
      await resident.getByLabel("问题描述").fill(description);
      await resident.locator("#micro_grid").selectOption({ label: "3号楼" });
      await resident.locator("#photo").setInputFiles(BEFORE);
      // Other tests' hazards at this station may be offered first: sendReport files anyway.
      await sendReport(resident);
      const trackingUrl = resident.url().replace(/\?.*$/, "");

      const grid = await atDesk("grid");
      await grid.goto(`${baseUrl}/staff/cases`);
      await grid
        .getByRole("link", { name: new RegExp(description.slice(0, 20)) })
        .first()
        .click();
      const caseId = /\/staff\/cases\/([0-9A-Z]{26})/.exec(grid.url())![1]!;
      const buttons = await grid.locator("details.action summary").allInnerTexts();
      // 合并 is offered only when the station has a similar open case: other test files' reports.
      expect(buttons.filter((verb) => verb !== "合并")).toEqual(["接单", "指派", "上报社区", "申请延期", "不予受理", "记录进展"]);
      expect(await grid.locator("p.place").innerText()).toContain(
        "涧河街道 › 同心园社区 › 同心园社区第1网格 › 3号楼 · 微站 同心园社区第1网格党群服务微站",
      );
      await screenshot(grid, shot("case-screen-verbs"));

      expect(await act(grid, caseId, "接单")).toContain("已接单：案件转为办理中");
      await screenshot(grid, shot("case-screen-accepted"));

      expect(await act(grid, caseId, "办结并答复", { resolution: "已联系物业清走纸箱，消防通道已畅通" }, { photo: AFTER })).toBe(
        "已办结并答复：等待居民评价。",
      );
      expect(await grid.locator(".sides figure.before img").count()).toBe(1);
      expect(await grid.locator(".sides figure.after img").count()).toBe(1);
      for (const side of ["before", "after"]) {
        const src = await grid.locator(`.sides figure.${side} img`).getAttribute("src");
        const photo = await grid.request.get(`${baseUrl}${src}`);
        expect([side, photo.status(), photo.headers()["content-type"]]).toEqual([side, 200, "image/jpeg"]);
      }
      await screenshot(grid, shot("case-screen-before-after"));

      // The resident sees the answer with the photo of the result, and is not satisfied.
      await resident.goto(`${trackingUrl}?lang=zh`);
      const result = resident.locator("img.result-photo");
      expect(await result.count()).toBe(1);
      const shown = await resident.request.get(`${baseUrl}${await result.getAttribute("src")}`);
      expect([shown.status(), shown.headers()["content-type"]]).toEqual([200, "image/jpeg"]);
      await screenshot(resident, shot("tracking-result-photo"));
      await resident.getByLabel("不满意").check();
      await resident.getByLabel("留言（可选）").fill("楼道里还有两辆电动车");
      await resident.getByRole("button", { name: "提交评价" }).click();
      await resident.waitForURL(/thanks=1/);

      // Back with the grid worker: marked reopened in the queue and on the case, with the grade.
      await grid.goto(`${baseUrl}/staff`);
      const line = grid.locator("li.contact").filter({ hasText: description.slice(0, 20) });
      expect(await line.innerText()).toContain("重办 1次");
      await screenshot(grid, shot("case-screen-queue-reopened"));
      await grid.goto(`${baseUrl}/staff/cases/${caseId}`);
      expect(await grid.locator("h1").innerText()).toContain("重办 1次");
      expect(await grid.locator("p.grade").innerText()).toContain("居民评价: 不满意 楼道里还有两辆电动车");

      expect(await act(grid, caseId, "上报社区", { reason: "涉及电动车违规停放，需社区协调" })).toBe("已上报社区：已转交 同心园社区。");
      await screenshot(grid, shot("case-screen-escalated"));
      const community = await atDesk("community");
      expect(await act(community, caseId, "接单")).toContain("已接单");
      expect(await act(community, caseId, "记录进展", { note: "已约物业周五上午联合清理" })).toBe("已记录进展。");
      expect(await community.locator("ol.timeline li").last().innerText()).toContain("仅内部");
      await screenshot(community, shot("case-screen-community"));
    }, 180_000);
  });
}
