import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "./helpers/seed.ts";
import { call } from "./helpers/worker.ts";

beforeAll(seedDemo);

const LARGE = { cookie: "gs_view=large" };

describe("the large-text mode (长辈版)", () => {
  it("is a link on every resident page, pointing back at the page", async () => {
    for (const path of ["/", "/s/JH0501V", "/t/NOSUCHCODE"]) {
      const html = await (await call(path)).text();
      expect([path, html]).toEqual([path, expect.stringContaining(`href="/view?large=1&amp;back=`)]);
      expect([path, html]).toEqual([path, expect.stringContaining(">长辈版</a>")]);
    }
    const english = await (await call("/s/JH0501V?lang=en")).text();
    expect(english).toContain(`href="/view?large=1&amp;back=${encodeURIComponent("/s/JH0501V?lang=en")}">Large text</a>`);
  });

  it("switches on and off with a cookie kept a year, and goes back to the page", async () => {
    const on = await call(`/view?large=1&back=${encodeURIComponent("/s/JH0501V?lang=en")}`, { redirect: "manual" });
    expect(on.status).toBe(303);
    expect(on.headers.get("location")).toBe("/s/JH0501V?lang=en");
    const cookie = on.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^gs_view=large;/);
    expect(cookie).toContain("Max-Age=31536000");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const off = await call("/view?large=0&back=/", { redirect: "manual" });
    expect(off.headers.get("set-cookie")).toMatch(/^gs_view=standard;/);
  });

  it("goes back only to a page of this site", async () => {
    for (const back of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""]) {
      const res = await call(`/view?large=1&back=${encodeURIComponent(back)}`, { redirect: "manual" });
      expect([back, res.headers.get("location")]).toEqual([back, "/"]);
    }
  });

  it("marks the page large, offers the way back, and puts the report form right after the emergency numbers", async () => {
    const res = await call("/s/JH0501V", { headers: LARGE });
    expect(res.headers.get("vary")).toBe("Accept-Language, Cookie, Accept-Encoding");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN" class="large">');
    expect(html).toContain(">标准版</a>");
    const order = ['class="sos"', 'id="report"', 'id="circle"'].map((mark) => html.indexOf(mark));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Nothing to jump over: no jump button in this order.
    expect(html).not.toContain('class="jump"');
  });

  it("keeps the standard page as it was: a jump to the form near the top, the circle before the form", async () => {
    const html = await (await call("/s/JH0501V")).text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<a class="jump" href="#report">我要反映问题</a>');
    expect(html.indexOf('class="jump"')).toBeLessThan(html.indexOf('id="circle"'));
    expect(html.indexOf('id="circle"')).toBeLessThan(html.indexOf('id="report"'));
  });

  it("leaves the printed poster as it is: a poster prints the same whoever prints it", async () => {
    const html = await (await call("/s/JH0501V/poster", { headers: LARGE })).text();
    expect(html).toContain('<html lang="zh-CN">');
  });

  it("folds the circle's groups without a script, the grid team open", async () => {
    const html = await (await call("/s/JH0501V")).text();
    const groups = [...html.matchAll(/<details class="card"( open="")?>/g)].map((m) => Boolean(m[1]));
    expect(groups.length).toBeGreaterThanOrEqual(3);
    expect(groups).toEqual([true, ...groups.slice(1).map(() => false)]);
  });
});
