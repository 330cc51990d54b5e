import { beforeAll, describe, expect, it } from "vitest";
import { callWith } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call } from "./helpers/worker.ts";

beforeAll(seedDemo);

describe("rendered pages", () => {
  it("name their language and forbid sniffing and cross-site referrers", async () => {
    const zh = await call("/s/JH0501V");
    expect(zh.headers.get("content-language")).toBe("zh-CN");
    expect(zh.headers.get("x-content-type-options")).toBe("nosniff");
    expect(zh.headers.get("referrer-policy")).toBe("same-origin");
    const en = await call("/s/JH0501V?lang=en");
    expect(en.headers.get("content-language")).toBe("en");
    expect(en.headers.get("x-content-type-options")).toBe("nosniff");
    expect(en.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("answer 304 when any tag of If-None-Match is the page's, with spaces after commas", async () => {
    const etag = (await call("/s/JH0502V")).headers.get("etag")!;
    const listed = await call("/s/JH0502V", { headers: { "if-none-match": `W/"somethingelse", ${etag}` } });
    expect(listed.status).toBe(304);
    const spaced = await call("/s/JH0502V", { headers: { "if-none-match": ` ${etag} ` } });
    expect(spaced.status).toBe(304);
    const others = await call("/s/JH0502V", { headers: { "if-none-match": `W/"a", W/"b"` } });
    expect(others.status).toBe(200);
  });

  it("show the site's filings in the footer when configured", async () => {
    const res = await callWith({ ICP_FILING: "晋ICP备2026000001号-1" }, "/s/JH0503V");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("晋ICP备2026000001号-1");
    const plain = await call("/s/JH0503V");
    expect(await plain.text()).not.toContain("ICP备");
  });

  it("render a page for an address outside every section, before any service is made", async () => {
    const res = await call("/no-such-page-here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toMatch(/^<!doctype html><html lang="zh-CN">/);
  });
});
