// The resident portal as residents meet it: a phone at 390×844 in WeChat's browser, with
// JavaScript off and on, a 12 MB photo, a form sent back, the large-text mode (长辈版).
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import exifr from "exifr";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, screenshot, sendReport } from "./chromium.ts";
import { STAFF_ACCOUNTS, STAFF_PASSWORD } from "./server.ts";

const WECHAT =
  "Mozilla/5.0 (Linux; Android 12; M2012K11AC Build/SKQ1.211006.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) " +
  "Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230303 MicroMessenger/8.0.34.2340(0x28002237) " +
  "WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64";

let browser: Browser;
let bigPhoto: Buffer;

/** A phone's 12-megapixel photo of over 12 MB, with the GPS position of test/fixtures/photos in its EXIF. */
async function phonePhoto(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const raw = Buffer.alloc(width * height * 3);
  let seed = 1;
  for (let i = 0; i < raw.length; i += 3) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const pixel = i / 3;
    raw[i] = ((pixel % width) * 255) / width;
    raw[i + 1] = seed & 0xff;
    raw[i + 2] = ((seed >> 8) & 0x7f) + ((pixel / width) * 100) / height;
  }
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 100 })
    .toBuffer();
  const fixture = readFileSync(new URL("../fixtures/photos/jpeg-progressive.jpg", import.meta.url).pathname);
  let at = 2;
  while (fixture[at + 1] !== 0xe1) at += 2 + fixture.readUInt16BE(at + 2);
  const exif = fixture.subarray(at, at + 2 + fixture.readUInt16BE(at + 2));
  return Buffer.concat([jpeg.subarray(0, 2), exif, jpeg.subarray(2)]);
}

beforeAll(async () => {
  browser = await launch();
  bigPhoto = await phonePhoto();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** A phone in WeChat's browser. */
function wechat(javaScriptEnabled: boolean): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    userAgent: WECHAT,
    javaScriptEnabled,
    locale: "zh-CN",
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
}

/** Every visible thing a finger can tap that is smaller than `min` CSS pixels either way. */
async function smallTargets(page: Page, min: number) {
  // A radio or checkbox is tapped through the label wrapping it (label.radio), which is measured instead.
  const selector =
    "a[href], button, input:not([type=hidden]):not([type=radio]):not(label.radio > [type=checkbox]), select, textarea, summary, label.radio";
  return page.locator(selector).evaluateAll(
    (targets, min) =>
      targets
        .filter((el) => !el.closest(".hp") && !el.closest("details:not([open]) > ul"))
        .map((el) => ({ el, box: el.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && box.height > 0 && (box.width < min - 0.5 || box.height < min - 0.5))
        .map(
          ({ el, box }) =>
            `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? "").trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        ),
    min,
  );
}

/** The computed font size of the body, in CSS pixels. */
const bodyFontSize = (page: Page) =>
  page.locator("body").evaluate((body) => Number.parseFloat(body.ownerDocument.defaultView!.getComputedStyle(body).fontSize));
const htmlClass = (page: Page) => page.locator("html").evaluate((html) => html.className);

for (const { runtime, baseUrl } of inject("servers")) {
  const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);

  /** A grid worker of jh0501's session, for reading the photo a case keeps. */
  async function gridWorker(): Promise<Page> {
    const page = await (await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" })).newPage();
    await page.goto(`${baseUrl}/staff/login`);
    await page.getByLabel("手机号").fill(STAFF_ACCOUNTS.grid.phone);
    await page.getByLabel("密码").fill(STAFF_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(`${baseUrl}/staff`);
    return page;
  }

  /** The photo kept with the case of this tracking code, as staff get it. */
  async function keptPhoto(trackingCode: string): Promise<Buffer> {
    const staff = await gridWorker();
    const list = await (await staff.request.get(`${baseUrl}/api/v1/cases?station=JH0501V&limit=100`)).json();
    const found = (list.items as { id: string; tracking_code: string }[]).find((c) => c.tracking_code === trackingCode)!;
    const photo = await staff.request.get(`${baseUrl}/staff/cases/${found.id}/photo`);
    expect(photo.headers()["content-type"]).toBe("image/jpeg");
    const bytes = await photo.body();
    await staff.context().close();
    return bytes;
  }

  async function expectSmallAndClean(bytes: Buffer) {
    const meta = await sharp(bytes).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(1600);
    expect(bytes.length).toBeLessThanOrEqual(1024 * 1024);
    expect(meta.exif).toBeUndefined();
    expect(await exifr.gps(bytes).catch(() => undefined)).toBeUndefined();
    return meta;
  }

  describe(`residents in WeChat, on ${runtime}`, () => {
    it("a 12 MB phone photo is taken without JavaScript and kept small, without its position", async () => {
      expect(bigPhoto.length).toBeGreaterThan(12 * 1024 * 1024);
      expect((await exifr.gps(bigPhoto))?.latitude?.toFixed(3)).toBe("37.871");
      const phone = await wechat(false);
      const page = await phone.newPage();
      await page.goto(`${baseUrl}/s/JH0501V`);
      await page.getByLabel("安全隐患（楼道堆物、电动车充电、燃气等）").check();
      await page.getByLabel("问题描述").fill("楼道灭火器压力不足，附手机原图");
      await page.locator("#photo").setInputFiles({ name: "IMG_20261206_0930.jpg", mimeType: "image/jpeg", buffer: bigPhoto });
      await sendReport(page);
      await page.waitForURL(/\/t\/[A-Z0-9]{10}\?new=1#top$/, { timeout: 60_000 });
      const code = /\/t\/([A-Z0-9]{10})/.exec(page.url())![1]!;
      const meta = await expectSmallAndClean(await keptPhoto(code));
      expect([meta.width, meta.height]).toEqual([1600, 1200]);
      await phone.close();
    });

    it("with JavaScript the phone shrinks the photo before sending it and shows the upload's progress", async () => {
      const phone = await wechat(true);
      const page = await phone.newPage();
      const sent: number[] = [];
      const elsewhere: string[] = [];
      page.on("request", (request) => {
        // blob: addresses of this origin are the photo being shrunk on the phone.
        if (!request.url().startsWith(baseUrl) && !request.url().startsWith(`blob:${baseUrl}`)) elsewhere.push(request.url());
        if (request.method() === "POST") sent.push(request.postDataBuffer()?.length ?? 0);
      });
      await page.goto(`${baseUrl}/s/JH0501V`);
      // A weak mobile link: 2 Mbit/s up, so the upload takes long enough to be watched.
      const cdp = await phone.newCDPSession(page);
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 100,
        downloadThroughput: 2_000_000 / 8,
        uploadThroughput: 2_000_000 / 8,
      });
      await page.getByLabel("矛盾纠纷（邻里、物业等）").check();
      await page.getByLabel("问题描述").fill("楼上漏水到我家，物业不管，附照片");
      await page.locator("#photo").setInputFiles({ name: "IMG_20261206_0931.jpg", mimeType: "image/jpeg", buffer: bigPhoto });
      // A dispute is never offered as another's open report: the upload goes straight through.
      await page.getByRole("button", { name: "提交" }).click();
      await page
        .locator("[data-progress]")
        .filter({ hasText: /正在上传…… \d+%/ })
        .waitFor({ timeout: 30_000 });
      await screenshot(page, shot("report-uploading"), false);
      await page.waitForURL(/\/t\/[A-Z0-9]{10}\?new=1/, { timeout: 60_000 });
      expect(sent).toHaveLength(1);
      // The phone sent a fraction of the 12 MB.
      expect(sent[0]).toBeLessThan(1.5 * 1024 * 1024);
      expect(elsewhere).toEqual([]);
      const code = /\/t\/([A-Z0-9]{10})/.exec(page.url())![1]!;
      await expectSmallAndClean(await keptPhoto(code));
      await phone.close();
    });

    for (const javaScript of [false, true]) {
      it(`a form sent back lands on its problems with the photo kept (JavaScript ${javaScript ? "on" : "off"})`, async () => {
        const phone = await wechat(javaScript);
        const page = await phone.newPage();
        await page.goto(`${baseUrl}/s/JH0501V`);
        // The browser's own checks would stop an empty text; a resident on an old browser gets the server's.
        await page.locator("#description").evaluate((el) => el.removeAttribute("required"));
        await page.getByLabel("问题描述").fill("   ");
        await page.getByLabel("称呼（可选）").fill("王阿姨");
        await page.getByLabel("意见建议").check();
        await page.locator("#photo").setInputFiles({ name: "IMG_0007.jpg", mimeType: "image/jpeg", buffer: bigPhoto });
        await page.getByRole("button", { name: "提交" }).click();
        const summary = page.locator("#problems");
        await summary.waitFor({ timeout: 60_000 });
        if (!javaScript) expect(page.url()).toMatch(/\/s\/JH0501V\/report#report$/);
        // The page landed on the form: the summary is on the screen, not 2,000 px below.
        const box = (await summary.boundingBox())!;
        expect(box.y).toBeGreaterThanOrEqual(-1);
        expect(box.y + box.height).toBeLessThanOrEqual(844);
        expect(await summary.innerText()).toContain("请写下要反映的问题（4000字以内）");
        await expect.poll(() => page.locator("#photo-held").innerText()).toContain("已附照片");
        expect(await page.getByLabel("称呼（可选）").inputValue()).toBe("王阿姨");
        await screenshot(page, shot(`report-sent-back-js-${javaScript ? "on" : "off"}`), false);
        // The summary's link goes to the field.
        await summary.getByRole("link", { name: "请写下要反映的问题（4000字以内）" }).click();
        expect(page.url()).toMatch(/#description$/);

        await page.getByLabel("问题描述").fill("广场舞音响太吵，晚上十点后还在放");
        await sendReport(page);
        await page.waitForURL(/\/t\/[A-Z0-9]{10}\?new=1/, { timeout: 60_000 });
        const code = /\/t\/([A-Z0-9]{10})/.exec(page.url())![1]!;
        await expectSmallAndClean(await keptPhoto(code));
        await phone.close();
      });
    }

    for (const javaScript of [false, true]) {
      it(`before filing, the open reports of the same problem are offered and one can be joined (JavaScript ${javaScript ? "on" : "off"})`, async () => {
        const neighbour = await wechat(javaScript);
        const first = await neighbour.newPage();
        const problem = javaScript ? "小区东门的路灯坏了一个星期，晚上很黑" : "小区北门的健身器材松动，有老人差点摔倒";
        await first.goto(`${baseUrl}/s/JH0503V`);
        await first.getByLabel("安全隐患（楼道堆物、电动车充电、燃气等）").check();
        await first.getByLabel("问题描述").fill(problem);
        await sendReport(first);
        await neighbour.close();

        const phone = await wechat(javaScript);
        const page = await phone.newPage();
        await page.goto(`${baseUrl}/s/JH0503V`);
        await page.getByLabel("安全隐患（楼道堆物、电动车充电、燃气等）").check();
        // Each run its own words: the same form and content in one window is one report (idempotency).
        await page.getByLabel("问题描述").fill(`门口那盏路灯不亮，我也反映一下（${javaScript ? "二" : "一"}）`);
        await page.getByLabel("手机号（可选，用于回访）").fill("13700001234");
        await page.getByRole("button", { name: "提交" }).click();
        const offered = page.locator("#open-reports");
        await offered.waitFor({ timeout: 60_000 });
        expect(await offered.innerText()).toContain("这个问题已有人反映");
        const item = offered.locator("li", { hasText: problem.slice(0, 12) });
        await screenshot(page, shot(`report-open-reports-js-${javaScript ? "on" : "off"}`), false);
        await item.getByRole("button", { name: "我也遇到了" }).click();
        await page.waitForURL(/\/t\/[A-Z0-9]{10}\?new=1/, { timeout: 60_000 });
        const text = await page.locator("body").innerText();
        expect(text).toContain("您的反映已与同一问题合并办理");
        // The resident follows it on this phone: their own report, joined.
        const code = /\/t\/([A-Z0-9]{10})/.exec(page.url())![1]!;
        await page.goto(`${baseUrl}/my`);
        const mine = await page.locator("body").innerText();
        expect(mine).toContain(code);
        expect(mine).toContain("已合并处理");
        await phone.close();
      });
    }

    it("every tap target is at least 48 px and the emergency numbers larger; the form is a tap away", async () => {
      const phone = await wechat(false);
      const page = await phone.newPage();
      for (const path of ["/s/JH0501V", "/", "/s/JH0501V?lang=en"]) {
        await page.goto(`${baseUrl}${path}`);
        expect([path, await smallTargets(page, 48)]).toEqual([path, []]);
      }
      await page.goto(`${baseUrl}/s/JH0501V`);
      for (const number of ["110", "119", "120"]) {
        const box = (await page.locator(`.sos a[href="tel:${number}"]`).boundingBox())!;
        expect([number, box.height >= 64, box.width >= 64]).toEqual([number, true, true]);
      }
      // The jump to the form sits on the first screen.
      const jump = page.getByRole("link", { name: "我要反映问题" });
      expect((await jump.boundingBox())!.y + 52).toBeLessThanOrEqual(844);
      await jump.click();
      expect(page.url()).toMatch(/#report$/);
      await screenshot(page, shot("station-standard"));
      // The circle's groups fold: the utilities' numbers are one tap away.
      const utilities = page.locator("details", { hasText: "水电气暖" });
      expect(await utilities.getAttribute("open")).toBeNull();
      await utilities.locator("summary").click();
      expect(await utilities.locator("a.tel").first().isVisible()).toBe(true);
      await phone.close();
    });

    it("the large-text mode: 20 px text, 60 px targets, the simpler order, kept on the phone and switched back", async () => {
      const phone = await wechat(false);
      const page = await phone.newPage();
      await page.goto(`${baseUrl}/s/JH0501V`);
      await page.getByRole("link", { name: "长辈版" }).click();
      await page.waitForURL(`${baseUrl}/s/JH0501V`);
      const fontSize = await bodyFontSize(page);
      expect(fontSize).toBeGreaterThanOrEqual(20);
      expect(await smallTargets(page, 60)).toEqual([]);
      const top = async (selector: string) => (await page.locator(selector).first().boundingBox())!.y;
      expect(await top(".sos")).toBeLessThan(await top("#report"));
      expect(await top("#report")).toBeLessThan(await top("#circle"));
      await screenshot(page, shot("station-large-text"));
      // Kept on this phone: another page is large too; and the way back is on every page.
      await page.goto(`${baseUrl}/`);
      expect(await htmlClass(page)).toBe("large");
      await page.getByRole("link", { name: "标准版" }).click();
      await page.waitForURL(`${baseUrl}/`);
      expect(await htmlClass(page)).toBe("");
      // The reader's own font setting scales the page (rem, not px).
      await page.goto(`${baseUrl}/s/JH0501V`);
      const standard = await bodyFontSize(page);
      await page.locator("html").evaluate((html) => html.setAttribute("style", "font-size:125%"));
      const scaled = await bodyFontSize(page);
      expect(scaled).toBeCloseTo(standard * 1.25, 0);
      await phone.close();
    });

    for (const large of [false, true]) {
      it(`the station page passes axe, loads nothing from elsewhere and fits 14 KB (${large ? "large text" : "standard"})`, async () => {
        const phone = await wechat(true);
        if (large) await phone.addCookies([{ name: "gs_view", value: "large", url: baseUrl }]);
        const page = await phone.newPage();
        const elsewhere: string[] = [];
        page.on("request", (request) => {
          if (!request.url().startsWith(baseUrl)) elsewhere.push(request.url());
        });
        const res = await page.goto(`${baseUrl}/s/JH0501V`);
        expect(gzipSync(await res!.body()).length).toBeLessThanOrEqual(14 * 1024);
        const results = await new AxeBuilder({ page }).analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
        expect(elsewhere).toEqual([]);
        await phone.close();
      });
    }
  });
}
