import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { readyPages } from "../worker/resident/ready-pages.tsx";
import { callWith, recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call } from "./helpers/worker.ts";

beforeAll(seedDemo);
beforeEach(() => readyPages.clear());

/**
 * The page's text from a gzip answer. In workerd the fetch between the test and the worker decodes
 * it on the way (as a browser would); on the Node runtime the test holds the compressed bytes.
 */
async function gunzip(response: Response): Promise<string> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
}

const token = (html: string) => /name="token" value="([^"]+)"/.exec(html)![1]!;

describe("a station page kept ready in the isolate", () => {
  it("answers a second scan from its bytes, with no D1 read and the same headers", async () => {
    const first = await recordRequest("/s/JH0501V");
    const again = await recordRequest("/s/JH0501V");
    expect(again.log.roundTrips).toBe(0);
    expect(await again.response.text()).toBe(await first.response.text());
    const headers = (r: Response) => [...r.headers].filter(([name]) => name !== "content-length");
    expect(headers(again.response)).toEqual(headers(first.response));
    expect(again.response.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("answers a page it does not hold from the stored HTML, with one lookup and the headers of the full way", async () => {
    const first = await call("/s/JH0501W");
    expect(first.status).toBe(200);
    const body = await first.text();
    readyPages.clear();
    const again = await recordRequest("/s/JH0501W");
    expect(again.log.roundTrips).toBe(1);
    expect(await again.response.text()).toBe(body);
    const headers = (r: Response) => [...r.headers].filter(([name]) => name !== "content-length");
    expect(headers(again.response)).toEqual(headers(first));
    expect(readyPages.size.entries).toBe(1);
  });

  it("compresses a page read from the store once, and sends it compressed to a browser that takes it", async () => {
    const plain = await (await call("/s/JH0501W")).text();
    readyPages.clear();
    const fresh = await recordRequest("/s/JH0501W", { headers: { "accept-encoding": "gzip" } });
    expect(fresh.log.roundTrips).toBe(1);
    expect(fresh.response.headers.get("content-encoding")).toBe("gzip");
    expect(await gunzip(fresh.response)).toBe(plain);
    expect(readyPages.size.entries).toBe(1);
  });

  it("is sent compressed once to a browser that accepts gzip, and whole to one that does not", async () => {
    const plain = await (await call("/s/JH0501V")).text();
    const zipped = await call("/s/JH0501V", { headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(await gunzip(zipped)).toBe(plain);
    const refused = await call("/s/JH0501V", { headers: { "accept-encoding": "gzip;q=0, identity" } });
    expect(refused.headers.get("content-encoding")).toBeNull();
    expect(await refused.text()).toBe(plain);
  });

  it("answers 304 to the tag it sent, from memory", async () => {
    const first = await call("/s/JH0501V");
    const etag = first.headers.get("etag")!;
    const again = await recordRequest("/s/JH0501V", { headers: { "if-none-match": etag } });
    expect(again.response.status).toBe(304);
    expect(again.log.roundTrips).toBe(0);
    expect(again.response.headers.get("etag")).toBe(etag);
    expect(again.response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(await again.response.text()).toBe("");
  });

  it("keeps each language and text mode apart", async () => {
    const zh = await (await call("/s/JH0501V")).text();
    const en = await (await call("/s/JH0501V", { headers: { "accept-language": "en" } })).text();
    const large = await (await call("/s/JH0501V", { headers: { cookie: "gs_view=large" } })).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(en).toContain('<html lang="en">');
    expect(large).not.toBe(zh);
    expect(await (await call("/s/JH0501V", { headers: { cookie: "gs_view=large" } })).text()).toBe(large);
    expect(await (await call("/s/JH0501V?lang=en")).text()).toBe(en);
    expect(readyPages.size.entries).toBe(3);
  });

  it("carries each ten-minute window's own form token", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-06-01T08:00:00Z") });
    try {
      const before = token(await (await call("/s/JH0501V")).text());
      vi.setSystemTime(new Date("2026-06-01T08:09:59Z"));
      expect(token(await (await call("/s/JH0501V")).text())).toBe(before);
      vi.setSystemTime(new Date("2026-06-01T08:10:00Z"));
      const after = token(await (await call("/s/JH0501V")).text());
      expect(after).not.toBe(before);
      expect(after.split(".")[0]).toBe(String(Math.floor(Date.parse("2026-06-01T08:10:00Z") / 600_000)));
    } finally {
      vi.useRealTimers();
    }
  });

  it("is not used for an address with any other query, nor kept for an unknown station", async () => {
    await call("/s/JH0501V");
    const other = await recordRequest("/s/JH0501V?from=poster");
    expect(other.response.status).toBe(200);
    expect(other.log.roundTrips).toBeGreaterThan(0);
    expect((await call("/s/ZZ9999V")).status).toBe(404);
    expect(readyPages.size.entries).toBe(1);
  });

  it("counts the bytes it holds: the compressed page only", async () => {
    const plain = new TextEncoder().encode(await (await call("/s/JH0501V")).text()).byteLength;
    const held = readyPages.size.bytes;
    expect(held).toBeGreaterThan(1_000);
    expect(held).toBeLessThan(plain / 2);
    await call("/s/JH0501V", { headers: { "accept-encoding": "gzip" } });
    await call("/s/JH0501V");
    expect(readyPages.size).toEqual({ entries: 1, bytes: held });
  });

  it("leaves a refused environment to the full way, which says so with a 503", async () => {
    await call("/s/JH0501V");
    const res = await callWith({ FORM_SECRET: "" }, "/s/JH0501V");
    expect(res.status).toBe(503);
  });
});
