import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, screenshot, sendReport } from "./chromium.ts";

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** A mid-range phone with JavaScript off. Each runtime gets phones of its own: cookies ignore the port. */
function newPhone(): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: false,
    locale: "zh-CN",
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
}

/** Tap targets smaller than 48×48 CSS px among these elements, described for the failure message. */
async function smallTargets(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements
      .map((e) => ({ e, box: e.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 48 || box.height < 48)
      .map(({ e, box }) => `${e.outerHTML.slice(0, 80)} ${box.width}×${box.height}`),
  );
}

for (const { runtime, baseUrl } of inject("servers")) {
  /** Screenshots keep their names on workerd; the Node runtime's are prefixed. */
  const shot = (name: string) => (runtime === "workerd" ? name : `node-${name}`);

  describe(`on ${runtime}`, () => {
    let phone: BrowserContext;
    let code = "";

    beforeAll(async () => {
      phone = await newPhone();
    });
    afterAll(async () => {
      await phone?.close();
    });

    it("remembers a report filed from the station page in 我的反映, with its status", async () => {
      const page = await phone.newPage();
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(`${baseUrl}/s/JH0501V`);
      await page.getByLabel("矛盾纠纷（邻里、物业等）").check();
      await page.getByLabel("问题描述").fill("楼上邻居每晚十一点以后还在拖动家具，敲门沟通无果");
      await sendReport(page);
      await page.waitForURL(/\/t\/[A-Z0-9]{10}\?new=1#top$/);
      code = /\/t\/([A-Z0-9]{10})/.exec(page.url())![1]!;
      expect(await page.locator("main").innerText()).toContain("这件反映已记在本机");

      await page.getByRole("link", { name: "我的反映" }).click();
      await page.waitForURL(`${baseUrl}/my`);
      await screenshot(page, shot("my-cases"));
      const item = page.locator("ul.mine li").filter({ hasText: code });
      expect(await item.count()).toBe(1);
      const text = await item.innerText();
      for (const words of ["矛盾纠纷", "反映时间", "状态: 已受理，待处理", "当前办理: 网格"]) expect(text).toContain(words);
      expect(await page.locator("ul.mine li").first().innerText()).toContain(code);

      // Every tap target of the list at least 48×48, nothing wider than the screen, nothing from elsewhere.
      expect(await smallTargets(page, "ul.mine a, ul.mine button")).toEqual([]);
      const widest = await page.locator("body *").evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
      expect(widest).toBeLessThanOrEqual(390);
      expect(requests.filter((url) => !url.startsWith(baseUrl))).toEqual([]);

      await item.getByRole("link").click();
      await page.waitForURL(`${baseUrl}/t/${code}`);
      await page.close();
    });

    it("takes a tracking code typed into the home page's search, in lower case with a space, to its case", async () => {
      const page = await phone.newPage();
      await page.goto(`${baseUrl}/`);
      expect(await smallTargets(page, "main a.tap")).toEqual([]);
      await page.locator("#q").fill(`${code.slice(0, 5).toLowerCase()} ${code.slice(5).toLowerCase()}`);
      await page.getByRole("button", { name: "搜索" }).click();
      await page.waitForURL(`${baseUrl}/t/${code}`);
      await screenshot(page, shot("home-tracking-search"));
      expect(await page.locator("h1").innerText()).toBe("办理进度");
      expect(await page.locator("main").innerText()).toContain(code);
      await page.close();
    });

    it("keeps a case opened by its code on another phone, and forgets it there", async () => {
      const other = await newPhone();
      const page = await other.newPage();
      await page.goto(`${baseUrl}/my`);
      await screenshot(page, shot("my-cases-empty"));
      expect(await page.locator("main").innerText()).toContain("这部手机上还没有记下的反映。");

      await page.goto(`${baseUrl}/t/${code}`);
      expect(await smallTargets(page, "form[action='/my/keep'] button")).toEqual([]);
      await page.getByRole("button", { name: "记住这件" }).click();
      await page.waitForURL(`${baseUrl}/my`);
      expect(await page.locator("ul.mine li").count()).toBe(1);

      await page.getByRole("button", { name: `从本机移除 ${code}` }).click();
      await page.waitForURL(`${baseUrl}/my`);
      expect(await page.locator("ul.mine").count()).toBe(0);
      expect(await page.locator("main").innerText()).toContain("这部手机上还没有记下的反映。");
      // The case itself is untouched, and the first phone still has it.
      const first = await phone.newPage();
      await first.goto(`${baseUrl}/my`);
      expect(await first.locator("ul.mine li").filter({ hasText: code }).count()).toBe(1);
      await other.close();
    });

    it("sends a station code typed in lower case to the upper-case address, the language kept", async () => {
      const page = await phone.newPage();
      const res = await page.goto(`${baseUrl}/s/jh0501v`);
      expect(res?.status()).toBe(200);
      expect(page.url()).toBe(`${baseUrl}/s/JH0501V`);
      await page.goto(`${baseUrl}/s/Jh0501v/poster?lang=en`);
      expect(page.url()).toBe(`${baseUrl}/s/JH0501V/poster?lang=en`);
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      await page.close();
    });

    it("answers /favicon.ico with an icon and /robots.txt with the rules", async () => {
      const icon = await phone.request.get(`${baseUrl}/favicon.ico`);
      expect(icon.status()).toBe(200);
      expect(icon.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
      expect([...(await icon.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
      const svg = await phone.request.get(`${baseUrl}/favicon.svg`);
      expect(svg.headers()["content-type"]).toMatch(/^image\/svg\+xml/);

      const robots = await phone.request.get(`${baseUrl}/robots.txt`);
      expect(robots.status()).toBe(200);
      expect(robots.headers()["content-type"]).toMatch(/^text\/plain/);
      const rules = await robots.text();
      expect(rules).toContain("User-agent: *\n");
      for (const path of ["/staff", "/api", "/open311", "/hsds"]) expect(rules).toContain(`Disallow: ${path}\n`);
      expect(rules).not.toMatch(/^Disallow: \/s\b|^Disallow: \/$/m);
    });
  });
}
