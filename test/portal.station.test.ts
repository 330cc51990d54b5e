import { beforeAll, describe, expect, it } from "vitest";
import { REPORT_FORM_SCRIPT_PATH } from "../portal/scripts/report-form.ts";
import { CIRCLE_ROLES, POSTER_ROLES } from "../schema/constants.ts";
import { ROLE_WORDS } from "../schema/directory-words.ts";
import { resolveCircle } from "../worker/circle.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, db } from "./helpers/worker.ts";

beforeAll(seedDemo);

async function gzipSize(text: string) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

describe("GET /s/{code}", () => {
  it("renders the station, its circle and the form, in Chinese by default", async () => {
    const res = await call("/s/JH0501V");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="zh-CN">/);
    for (const text of [
      "同心园社区第1网格党群服务微站",
      "JH0501V",
      "同心园社区",
      "涧河街道",
      "十分钟民生圈",
      "网格服务团队",
      "黄瑞",
      "社保代缴",
      "反映问题",
    ]) {
      expect(html).toContain(text);
    }
    // The emergency line sits above everything else the resident reads.
    expect(html.indexOf('href="tel:110"')).toBeLessThan(html.indexOf("十分钟民生圈"));
    expect(html).toContain('href="tel:12345"');
    // Every contact of the circle, one tap from a call.
    const circle = (await resolveCircle(db(), "JH0501V"))!;
    for (const c of circle) expect(html).toContain(`href="tel:${c.phone.replace(/[^\d+]/g, "")}"`);
    expect(new Set(circle.map((c) => c.role)).size).toBe(CIRCLE_ROLES.length - 1);
    for (const field of ["category", "description", "photo", "micro_grid", "name", "phone", "token"])
      expect(html).toContain(`name="${field}"`);
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain("危及生命安全请先拨打110/119/120");
  });

  it("loads nothing from elsewhere, runs only its own form script, and fits 14 KB compressed", async () => {
    const res = await call("/s/JH0501V");
    const html = await res.text();
    expect(html).not.toMatch(/<link|<img[^>]+src="http|<iframe|@import|url\(/i);
    expect([...html.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual([`<script src="${REPORT_FORM_SCRIPT_PATH}" defer="">`]);
    const policy = res.headers.get("content-security-policy")!;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    const compressed = await gzipSize(html);
    expect(compressed).toBeLessThanOrEqual(14 * 1024);
  });

  it("is cacheable for a minute, with an ETag that answers 304", async () => {
    const res = await call("/s/JH0501V");
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    expect(res.headers.get("vary")).toBe("Accept-Language, Cookie, Accept-Encoding");
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    const again = await call("/s/JH0501V", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const english = await call("/s/JH0501V?lang=en", { headers: { "if-none-match": etag } });
    expect(english.status).toBe(200);
  });

  it("speaks English with ?lang=en or when the browser prefers it, with a switch back", async () => {
    const byQuery = await (await call("/s/JH0501V?lang=en")).text();
    expect(byQuery).toMatch(/<html lang="en">/);
    expect(byQuery).toContain("Ten-minute livelihood circle");
    expect(byQuery).toContain('href="/s/JH0501V?lang=zh"');
    const byHeader = await call("/s/JH0501V", { headers: { "accept-language": "en-GB,en;q=0.9,zh;q=0.5" } });
    expect(await byHeader.text()).toContain('<html lang="en">');
    expect(byHeader.headers.get("content-language")).toBe("en");
    const chineseFirst = await call("/s/JH0501V", { headers: { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" } });
    expect(await chineseFirst.text()).toContain('<html lang="zh-CN">');
  });

  it("answers an unknown or malformed code with a helpful 404 page", async () => {
    for (const code of ["JH9999V", "nonsense", "%3Cscript%3E"]) {
      const res = await call(`/s/${code}`);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain('href="/"');
      expect(html).not.toContain("<script>");
    }
    expect(await (await call("/s/JH9999V")).text()).toContain("没有编号为 JH9999V 的微站");
  });
});

describe("QR code and poster", () => {
  it("serves the QR code as SVG, and 404 for unknown stations", async () => {
    const res = await call("/s/JH0501V/qr.svg");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(await res.text()).toMatch(/^<svg[^>]+viewBox/);
    expect((await call("/s/JH9999V/qr.svg")).status).toBe(404);
  });

  it("prints an A4 poster with the QR code, the station and its key numbers", async () => {
    const res = await call("/s/JH0501V/poster");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("@page{size:A4");
    expect(html).toContain("<svg");
    expect(html).toContain("http://gridstation.test/s/JH0501V");
    for (const text of [
      "同心园社区第1网格党群服务微站",
      "JH0501V",
      "扫码反映问题",
      "常用电话",
      "市民热线",
      "12345",
      "紧急情况请先拨打",
      "报警 110 · 火警 119 · 急救 120",
    ])
      expect(html).toContain(text);
    // The key contacts, each with its role, name and phone, and no one else of the circle.
    const circle = (await resolveCircle(db(), "JH0501V"))!;
    const key = circle.filter((c) => (POSTER_ROLES as readonly string[]).includes(c.role));
    expect(key.map((c) => c.role).sort()).toEqual([...POSTER_ROLES].sort());
    const numbers = [...html.matchAll(/<li><span class="poster-who">([^<]*)<\/span><span class="poster-tel">([^<]*)<\/span><\/li>/g)];
    expect(numbers.map(([, who, tel]) => [who, tel])).toEqual([
      ...key.map((c) => [`${ROLE_WORDS[c.role].zh} · ${c.name}`, c.phone]),
      ["市民热线", "12345"],
    ]);
  });

  it("is Chinese whatever the printing browser's language, English only when the address asks", async () => {
    const english = { "accept-language": "en-GB,en;q=0.9" };
    for (const path of ["/s/JH0501V/poster", "/s/JH0501V/poster?lang=zh"]) {
      const res = await call(path, { headers: english });
      expect(res.headers.get("content-language"), path).toBe("zh-CN");
      const html = await res.text();
      expect(html, path).toMatch(/^<!doctype html><html lang="zh-CN">/);
      expect(html, path).toContain("扫码反映问题 · 查找身边服务");
      expect(html, path).not.toContain("Key numbers");
    }
    const res = await call("/s/JH0501V/poster?lang=en", { headers: { "accept-language": "zh-CN,zh;q=0.9" } });
    expect(res.headers.get("content-language")).toBe("en");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    for (const text of [
      "Scan to report a problem or find help nearby",
      "Key numbers",
      "Grid chief · 黄瑞",
      "City hotline",
      "Police 110 · Fire 119 · Ambulance 120",
    ])
      expect(html).toContain(text);
    // The switch on the screen (not printed) leads to the other language by the address alone.
    expect(html).toContain('href="/s/JH0501V/poster?lang=zh"');
    // The station page itself still follows the browser.
    expect(await (await call("/s/JH0501V", { headers: english })).text()).toContain('<html lang="en">');
  });
});

describe("GET /", () => {
  it("finds stations by name, code, community or street", async () => {
    for (const q of ["同心园", "JH0501", "涧河街道"]) {
      const html = await (await call(`/?q=${encodeURIComponent(q)}`)).text();
      expect(html, q).toContain('href="/s/JH0501V"');
    }
    const none = await (await call(`/?q=${encodeURIComponent("不存在的地方")}`)).text();
    expect(none).toContain("没有找到匹配的微站");
    const literal = await (await call("/?q=%25")).text();
    expect(literal).toContain("没有找到匹配的微站");
  });

  it("finds the stations of a pasted address's community (D1 refuses LIKE patterns over 50 bytes)", async () => {
    const address =
      "山西省太原市杏花岭区涧河街道同心园社区和平北路一百二十三号院三号楼二单元五零一室门口东侧的路灯已经坏了好久都没有人来修理";
    expect(address.length).toBe(60);
    const res = await call(`/?q=${encodeURIComponent(address)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const code of ["JH0501V", "JH0501W", "JH0502V", "JH0503V"]) expect(html).toContain(`href="/s/${code}"`);
    expect(html).not.toContain('href="/s/JH0101V"');
  });

  it("has a form to follow a case by its tracking code", async () => {
    const html = await (await call("/")).text();
    expect(html).toContain('action="/t"');
    const res = await call("/t?code=abcd-efgh", { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/t/ABCDEFGH");
  });
});
