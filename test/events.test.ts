import { beforeAll, describe, expect, it } from "vitest";
import { CaseEventSchema } from "../schema/api/case.ts";
import { actOk, fileCase } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, json, keyHeaders } from "./helpers/worker.ts";

type Feed = { items: { id: number; case_id: string; action: string }[]; next_cursor: string };

let reader: Record<string, string>;
let grid: Record<string, string>;
beforeAll(async () => {
  await seedDemo();
  reader = await keyHeaders("cases:read");
  grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
});

async function poll(cursor: string | null, headers: Record<string, string>, limit = 3): Promise<Feed> {
  const res = await call(`/api/v1/events?limit=${limit}${cursor ? `&after=${cursor}` : ""}`, { headers });
  expect(res.status).toBe(200);
  const body = await json<Feed>(res);
  CaseEventSchema.array().parse(body.items);
  return body;
}

describe("GET /api/v1/events", () => {
  it("is a resumable feed: polling from the cursor neither misses nor repeats, even with writes between polls", async () => {
    const a = await fileCase();
    await actOk(a.id, "accept", grid);
    const seen: number[] = [];
    let feed = await poll(null, reader);
    seen.push(...feed.items.map((e) => e.id));
    // Writes land between two polls.
    const b = await fileCase();
    await actOk(b.id, "note", grid, { note: "内部备注" });
    await actOk(a.id, "resolve", grid, { resolution: "已处理" });
    for (let i = 0; i < 10 && (feed.items.length > 0 || seen.length === 0); i++) {
      feed = await poll(feed.next_cursor, reader);
      seen.push(...feed.items.map((e) => e.id));
    }
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(5); // create, accept, create, note, resolve
    // Nothing new: an empty page with a cursor to poll again.
    const idle = await poll(feed.next_cursor, reader);
    expect(idle.items).toEqual([]);
    expect(idle.next_cursor).toBe(feed.next_cursor);
  });

  it("keeps to the caller's scope", async () => {
    const other = (await signIn("grid_worker", { area: "jh0502" })).headers;
    const mine = await fileCase();
    const theirs = await poll(null, other, 500);
    expect(theirs.items.map((e) => e.case_id)).not.toContain(mine.id);
    const inScope = await poll(null, grid, 500);
    expect(inScope.items.map((e) => e.case_id)).toContain(mine.id);
  });

  it("needs credentials and a cursor it issued", async () => {
    await expectError(await call("/api/v1/events"), 401, "unauthorized");
    await expectError(await call("/api/v1/events?after=bogus", { headers: reader }), 400, "validation_failed");
  });
});
