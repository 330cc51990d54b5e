import { beforeAll, describe, expect, it } from "vitest";
import { fileCase } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call } from "./helpers/worker.ts";

beforeAll(seedDemo);

const get = (path: string) => call(path, { redirect: "manual" });

describe("GET /?q= the home page's search", () => {
  it("sends a tracking code to its case, typed in lower case with spaces or dashes, in the visitor's language", async () => {
    const code = (await fileCase()).tracking_code;
    const typed = `${code.slice(0, 4).toLowerCase()} ${code.slice(4, 7)}-${code.slice(7).toLowerCase()}`;
    for (const [path, location] of [
      [`/?q=${code}`, `/t/${code}`],
      [`/?q=${encodeURIComponent(` ${typed} `)}`, `/t/${code}`],
      [`/?q=${encodeURIComponent(typed)}&lang=en`, `/t/${code}?lang=en`],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("location"), path).toBe(location);
    }
    expect((await get(`/t/${code}`)).status).toBe(200);
  });

  it("searches stations as before when no case has the code", async () => {
    const res = await get("/?q=AAAAAAAAAA");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("没有找到匹配的微站。");
  });

  it("sends a station's exact code, in any case, to the station's page", async () => {
    for (const query of ["JH0501V", "jh0501v", " Jh0501v "]) {
      const res = await get(`/?q=${encodeURIComponent(query)}`);
      expect(res.status, query).toBe(303);
      expect(res.headers.get("location"), query).toBe("/s/JH0501V");
    }
    const en = await get("/?q=jh0501v&lang=en");
    expect(en.headers.get("location")).toBe("/s/JH0501V?lang=en");
  });

  it("lists the stations a partial code or a name finds", async () => {
    for (const query of ["jh0501", "同心园社区"]) {
      const res = await get(`/?q=${encodeURIComponent(query)}`);
      expect(res.status, query).toBe(200);
      expect(await res.text(), query).toContain('href="/s/JH0501V"');
    }
  });
});

describe("a station's address typed in lower or mixed case", () => {
  it("answers 301 to the upper-case code, the rest of the path and the query kept", async () => {
    for (const [typed, canonical] of [
      ["/s/jh0501v", "/s/JH0501V"],
      ["/s/Jh0501V?lang=en", "/s/JH0501V?lang=en"],
      ["/s/jh0501v/poster?lang=en", "/s/JH0501V/poster?lang=en"],
      ["/s/jh0501v/qr.svg", "/s/JH0501V/qr.svg"],
    ] as const) {
      const res = await get(typed);
      expect(res.status, typed).toBe(301);
      expect(res.headers.get("location"), typed).toBe(canonical);
    }
    const landed = await get("/s/JH0501V?lang=en");
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('<html lang="en">');
  });

  it("leaves the canonical code, what is no station code, and posts alone", async () => {
    expect((await get("/s/JH0501V")).status).toBe(200);
    expect((await get("/s/not-a-station")).status).toBe(404);
    // A well-formed code of no station still goes to its canonical address, which says so.
    expect((await get("/s/zz9999z")).headers.get("location")).toBe("/s/ZZ9999Z");
    expect((await get("/s/ZZ9999Z")).status).toBe(404);
    const post = await call("/s/jh0501v/report", { method: "POST", body: new FormData(), redirect: "manual" });
    expect(post.status).toBe(404);
  });
});
