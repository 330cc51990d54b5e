import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { decodeQr, launch, screenshot, sendReport } from "./chromium.ts";

let browser: Browser;
let phone: BrowserContext;

beforeAll(async () => {
  browser = await launch();
  // A mid-range phone, as in WeChat's browser, with JavaScript switched off.
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

for (const { runtime, baseUrl } of inject("servers")) {
  /** Screenshots keep their names on workerd; the Node runtime's are prefixed. */
  const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);

  describe(`on ${runtime}`, () => {
    describe("the station page on a phone without JavaScript", () => {
      it("fits the width, reports a problem and lands on the tracking page", async () => {
        const page = await phone.newPage();
        const requests: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        const res = await page.goto(`${baseUrl}/s/JH0501V`);
        expect(res?.status()).toBe(200);
        expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
        await screenshot(page, shot("station-JH0501V"));

        // Nothing scrolls sideways at 390 px: no element reaches past the viewport's right edge.
        const widest = await page.locator("body *").evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
        expect(widest).toBeLessThanOrEqual(390);
        // Every request stayed on this origin.
        expect(requests.filter((url) => !url.startsWith(baseUrl))).toEqual([]);

        await page.getByLabel("安全隐患（楼道堆物、电动车充电、燃气等）").check();
        await page.getByLabel("问题描述").fill("5号楼一单元楼道里堆满了纸箱，挡住了消防通道");
        await page.getByLabel("手机号（可选，用于回访）").fill("13912345678");
        await sendReport(page);
        await page.waitForURL(/\/t\/[A-Z0-9]{10}\?new=1#top$/);
        await screenshot(page, shot("tracking-new"));
        const code = /\/t\/([A-Z0-9]{10})/.exec(page.url())![1]!;
        expect(await page.locator(".big").innerText()).toBe(code);
        const text = await page.locator("body").innerText();
        expect(text).toContain("请保存您的查询码");
        expect(text).toContain("已受理");
        expect(text).not.toContain("13912345678");
      });

      it("comes back with the input kept when the form is wrong", async () => {
        const page = await phone.newPage();
        await page.goto(`${baseUrl}/s/JH0501V`);
        await page.getByLabel("意见建议").check();
        // The browser's own checks would stop an empty text; a resident on an old browser gets the server's.
        await page.locator("#description").evaluate((el) => el.removeAttribute("required"));
        await page.getByLabel("问题描述").fill("   ");
        await page.getByLabel("称呼（可选）").fill("张大爷");
        await page.getByRole("button", { name: "提交" }).click();
        await page.waitForLoadState();
        await screenshot(page, shot("report-errors"));
        expect(await page.locator(".alert").innerText()).toContain("请修改标出的内容后再提交");
        expect(await page.locator("#description-err").innerText()).toBe("请写下要反映的问题（4000字以内）");
        expect(await page.getByLabel("称呼（可选）").inputValue()).toBe("张大爷");
        expect(await page.getByLabel("意见建议").isChecked()).toBe(true);
      });
    });

    describe("QR codes", () => {
      it("decodes from qr.svg to the station's URL", async () => {
        const page = await phone.newPage();
        await page.setContent(
          `<body style="margin:0;background:#fff"><img src="${baseUrl}/s/JH0501V/qr.svg" style="width:300px;height:300px"></body>`,
        );
        await page.waitForLoadState("networkidle");
        const png = await screenshot(page, shot("qr-svg"), false);
        expect(decodeQr(png)).toBe(`${baseUrl}/s/JH0501V`);
      });

      it("decodes from the printed poster", async () => {
        const page = await browser.newPage({ viewport: { width: 794, height: 1123 }, javaScriptEnabled: false });
        await page.goto(`${baseUrl}/s/JH0501V/poster`);
        const png = await screenshot(page, shot("poster-JH0501V"));
        expect(decodeQr(png)).toBe(`${baseUrl}/s/JH0501V`);
        await page.close();
      });
    });
  });
}
