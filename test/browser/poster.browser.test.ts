import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { decodeQr, launch, printA4, screenshot } from "./chromium.ts";
import { STAFF_ACCOUNTS, STAFF_PASSWORD } from "./server.ts";

/** A4's printable width at the posters' 10 mm margins, in CSS pixels: print emulation lays the sheet out as on paper. */
const PRINTED_WIDTH_PX = Math.round((190 / 25.4) * 96);
const mm = (px: number) => (px * 25.4) / 96;

let browser: Browser;
/** An office computer set to English, as the residents' report describes. */
let office: BrowserContext;

beforeAll(async () => {
  browser = await launch();
  office = await browser.newContext({
    viewport: { width: PRINTED_WIDTH_PX, height: 1000 },
    locale: "en-GB",
    extraHTTPHeaders: { "accept-language": "en-GB,en;q=0.9" },
  });
});

afterAll(async () => {
  await browser?.close();
});

/** The poster sheets' text as printed, one entry per sheet. */
async function sheetTexts(page: Page): Promise<string[]> {
  await page.emulateMedia({ media: "print" });
  return page.locator(".poster-sheet").allInnerTexts();
}

for (const { runtime, baseUrl } of inject("servers")) {
  /** Screenshots and PDFs keep their names on workerd; the Node runtime's are prefixed. */
  const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);

  describe(`printed posters, on ${runtime}`, () => {
    it("the browser really asks for English: the station page answers in English", async () => {
      const page = await office.newPage();
      await page.goto(`${baseUrl}/s/JH0501V`);
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      await page.close();
    });

    it("a station's poster prints on one A4 page, in Chinese, its QR code at least 90 mm and decodable", async () => {
      const page = await office.newPage();
      const res = await page.goto(`${baseUrl}/s/JH0501V/poster`);
      expect(res?.status()).toBe(200);
      expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
      expect(await printA4(page, shot("poster-a4"))).toBe(1);

      const [text] = await sheetTexts(page);
      for (const line of [
        "JH0501V",
        "扫码反映问题 · 查找身边服务",
        "常用电话",
        "网格长 · 黄瑞",
        "市民热线",
        "12345",
        "紧急情况请先拨打",
        "报警 110 · 火警 119 · 急救 120",
      ])
        expect(text).toContain(line);
      expect(text).not.toMatch(/Key numbers|Scan to report|emergency/i);
      // Nothing of the site around the poster is printed.
      for (const selector of ["header.top", "a.lang"]) expect(await page.locator(selector).isVisible(), selector).toBe(false);

      // The code's box, and its modules (the dark path; the box adds a quiet zone of two modules each side).
      const box = (await page.locator(".poster-qr").boundingBox())!;
      const symbol = (await page.locator(".poster-qr svg path").boundingBox())!;
      expect(mm(box.height)).toBeGreaterThanOrEqual(103);
      expect(mm(box.width)).toBeCloseTo(mm(box.height), 0);
      expect(mm(symbol.width)).toBeGreaterThanOrEqual(90);
      expect(mm(symbol.height)).toBeGreaterThanOrEqual(90);
      const png = await screenshot(page, shot("poster-a4"));
      expect(decodeQr(png)).toBe(`${baseUrl}/s/JH0501V`);
      await page.close();
    });

    it("the batch of a street prints one A4 page per station, in Chinese, each sheet the station's own poster", async () => {
      const listed = (await (await fetch(`${baseUrl}/api/v1/stations?area=jh&limit=100`)).json()) as { items: { code: string }[] };
      const codes = listed.items.map((s) => s.code);
      expect(codes.length).toBeGreaterThanOrEqual(9);

      const page = await office.newPage();
      await page.goto(`${baseUrl}/staff/login`);
      await page.locator("input[name=phone]").fill(STAFF_ACCOUNTS.street.phone);
      await page.locator("input[name=password]").fill(STAFF_PASSWORD);
      await page.locator("button[type=submit]").click();
      await page.waitForURL(`${baseUrl}/staff`);

      const res = await page.goto(`${baseUrl}/staff/posters?area=/xhl/jh/`);
      expect(res?.status()).toBe(200);
      expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
      expect(await printA4(page, shot("poster-batch"))).toBe(codes.length);
      const sheets = await sheetTexts(page);
      expect(sheets).toHaveLength(codes.length);
      await screenshot(page, shot("poster-batch"));

      const single = await office.newPage();
      for (const [i, code] of codes.entries()) {
        expect(sheets[i], code).toContain(code);
        for (const line of ["扫码反映问题", "常用电话", "网格长 · ", "社区民警 · ", "市民热线", "紧急情况请先拨打"])
          expect(sheets[i], code).toContain(line);
        await single.goto(`${baseUrl}/s/${code}/poster`);
        expect(sheets[i], code).toBe((await sheetTexts(single))[0]);
      }
      await single.close();
      await page.close();
    });
  });
}
