import { beforeAll, describe, expect, it } from "vitest";
import { resolveCircle } from "../worker/circle.ts";
import { IsolateCache } from "../worker/lib/isolate-cache.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, db, keyHeaders, sendJson } from "./helpers/worker.ts";

beforeAll(seedDemo);

describe("IsolateCache", () => {
  it("keeps entries for their time, and only the newest beyond its size", () => {
    const cache = new IsolateCache<number>(1000, 2);
    cache.set("a", 1, 0);
    cache.set("b", 2, 0);
    expect([cache.get("a", 999), cache.get("b", 999)]).toEqual([1, 2]);
    expect(cache.get("a", 1000)).toBeUndefined();
    cache.set("c", 3, 0);
    cache.set("d", 4, 0);
    expect([cache.get("b", 1), cache.get("c", 1), cache.get("d", 1)]).toEqual([undefined, 3, 4]);
    cache.delete("c");
    expect(cache.get("c", 1)).toBeUndefined();
  });

  it("holds no more bytes than its bound, the oldest going first, and counts an entry that grew", () => {
    const cache = new IsolateCache<string>(1000, 100, { max: 10, of: (text) => text.length });
    cache.set("a", "xxxx", 0);
    cache.set("b", "yyyy", 0);
    expect(cache.size).toEqual({ entries: 2, bytes: 8 });
    cache.set("c", "zzzz", 0);
    expect(cache.get("a", 1)).toBeUndefined();
    expect(cache.size).toEqual({ entries: 2, bytes: 8 });
    cache.update("c", "zzzzzz");
    expect(cache.size).toEqual({ entries: 2, bytes: 10 });
    cache.update("c", "zzzzzzz");
    expect(cache.size).toEqual({ entries: 1, bytes: 7 });
    expect(cache.get("c", 999)).toBe("zzzzzzz");
    expect(cache.get("c", 1000)).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    cache.update("gone", "x");
    expect(cache.size.entries).toBe(0);
  });
});

describe("the station page's cached data", () => {
  it("shows a directory edit made through the API at once", async () => {
    const writer = await keyHeaders("directory:read", "directory:write");
    const before = await (await call("/s/JH0501V")).text();
    const police = (await resolveCircle(db(), "JH0501V"))!.find((c) => c.role === "community_police")!;
    expect(before).toContain(police.name);
    const res = await call(`/api/v1/contacts/${police.id}`, sendJson("PATCH", { name: "新任社区民警" }, writer));
    expect(res.status).toBe(200);
    const after = await (await call("/s/JH0501V")).text();
    expect(after).toContain("新任社区民警");
    expect(after).not.toContain(police.name);
    // And a station closed through the API stops answering.
    expect((await call("/api/v1/stations/JH0501V", sendJson("PATCH", { active: false }, writer))).status).toBe(200);
    expect((await call("/s/JH0501V")).status).toBe(404);
  });
});
