import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CaseSchema } from "../schema/api/case.ts";
import { type CaseRow, caseTable } from "../schema/case.ts";
import type { CaseSort } from "../schema/constants.ts";
import { fileCase, REPORT } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signInCast } from "./helpers/staff.ts";
import { call, db, json } from "./helpers/worker.ts";

let people: Awaited<ReturnType<typeof signInCast>>;
const WORD = "列表测试";
const HOUR = 3600_000;
const BASE = Date.parse("2026-02-01T00:00:00Z");
let rows: CaseRow[] = [];

/** The case ids a list page links to, in its order. */
function listedIds(html: string): string[] {
  return [...html.matchAll(/href="\/staff\/cases\/([0-9A-Z]{26})"/g)].map((m) => m[1]!);
}
const linkOf = (html: string, rel: "prev" | "next") =>
  html.match(new RegExp(`<a href="([^"]+)" rel="${rel}"`))?.[1]?.replaceAll("&amp;", "&");

const ORDER: Record<CaseSort, (a: CaseRow, b: CaseRow) => number> = {
  newest: (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : 1),
  oldest: (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1),
  due: (a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1),
  updated: (a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || (b.id < a.id ? -1 : 1),
};

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
  // 30 cases in grid jh0501 with their times set apart: filed an hour apart, due in an order of
  // their own with ties (the id decides between them), changed in a third order.
  for (let i = 0; i < 30; i++) {
    const filed = await fileCase({ ...REPORT, description: `${WORD}第${i}件：楼道堆物` });
    await db()
      .update(caseTable)
      .set({
        createdAt: new Date(BASE + i * HOUR),
        dueAt: new Date(BASE + 100 * HOUR + ((i * 7) % 10) * HOUR),
        updatedAt: new Date(BASE + 200 * HOUR + ((i * 11) % 30) * HOUR),
      })
      .where(eq(caseTable.id, filed.id));
  }
  rows = (await db().select().from(caseTable)).filter((r) => r.description.startsWith(WORD));
});

describe("/staff/cases paging", () => {
  it("shows the total, and previous and next pages that give back the same rows", async () => {
    const first = await (await call(`/staff/cases?q=${WORD}`, { headers: people.grid })).text();
    expect(first).toContain("共 30 件");
    const expected = [...rows].sort(ORDER.newest).map((r) => r.id);
    expect(listedIds(first)).toEqual(expected.slice(0, 25));
    expect(linkOf(first, "prev")).toBeUndefined();
    const second = await (await call(linkOf(first, "next")!, { headers: people.grid })).text();
    expect(listedIds(second)).toEqual(expected.slice(25));
    expect(linkOf(second, "next")).toBeUndefined();
    const back = await (await call(linkOf(second, "prev")!, { headers: people.grid })).text();
    expect(listedIds(back)).toEqual(expected.slice(0, 25));
    expect(linkOf(back, "prev")).toBeUndefined();
    expect(linkOf(back, "next")).toBe(linkOf(first, "next"));
  });

  it("goes back a page in every order", async () => {
    for (const sort of ["oldest", "due", "updated"] as const) {
      const expected = [...rows].sort(ORDER[sort]).map((r) => r.id);
      const first = await (await call(`/staff/cases?q=${WORD}&sort=${sort}`, { headers: people.grid })).text();
      expect(listedIds(first), sort).toEqual(expected.slice(0, 25));
      const second = await (await call(linkOf(first, "next")!, { headers: people.grid })).text();
      expect(listedIds(second), sort).toEqual(expected.slice(25));
      const back = await (await call(linkOf(second, "prev")!, { headers: people.grid })).text();
      expect(listedIds(back), sort).toEqual(expected.slice(0, 25));
    }
  });
});

describe("GET /api/v1/cases sort and q", () => {
  it("walks every order with keyset cursors, each case once, ties broken by id", async () => {
    for (const sort of ["newest", "oldest", "due", "updated"] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await call(`/api/v1/cases?q=${WORD}&sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ""}`, {
          headers: people.grid,
        });
        expect(res.status).toBe(200);
        const page = await json<{ items: unknown[]; next_cursor: string | null }>(res);
        seen.push(...page.items.map((item) => CaseSchema.parse(item).id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen, sort).toEqual([...rows].sort(ORDER[sort]).map((r) => r.id));
    }
  });

  it("refuses a cursor of another order", async () => {
    const page = await json<{ next_cursor: string }>(await call(`/api/v1/cases?q=${WORD}&sort=due&limit=5`, { headers: people.grid }));
    const res = await call(`/api/v1/cases?q=${WORD}&sort=updated&cursor=${page.next_cursor}`, { headers: people.grid });
    await expectError(res, 400, "validation_failed");
  });

  it("finds a tracking code typed in lower case with spaces, and text past D1's 50-byte LIKE cap", async () => {
    const target = rows[13]!;
    const typed = `${target.trackingCode.slice(0, 5)} ${target.trackingCode.slice(5)}`.toLowerCase();
    const byCode = await json<{ items: { id: string }[] }>(
      await call(`/api/v1/cases?q=${encodeURIComponent(typed)}`, { headers: people.grid }),
    );
    expect(byCode.items.map((c) => c.id)).toEqual([target.id]);
    const page = await (await call(`/staff/cases?q=${encodeURIComponent(typed)}`, { headers: people.grid })).text();
    expect(listedIds(page)).toEqual([target.id]);
    const long = "列表测试第13件：楼道堆物".repeat(3); // 66 bytes in UTF-8 — no case has it
    const none = await call(`/api/v1/cases?q=${encodeURIComponent(long)}`, { headers: people.grid });
    expect(none.status).toBe(200);
    expect((await json<{ items: unknown[] }>(none)).items).toEqual([]);
    const exact = await json<{ items: { id: string }[] }>(
      await call(`/api/v1/cases?q=${encodeURIComponent("列表测试第13件：楼道堆物")}`, { headers: people.grid }),
    );
    expect(exact.items.map((c) => c.id)).toEqual([target.id]);
  });
});

describe("/staff/cases filters", () => {
  it("takes a created date range in Shanghai days", async () => {
    // Case 16 was filed at 16:00 UTC on 1 February: 00:00 on the 2nd in Shanghai; case 15 at 23:00 on the 1st.
    const html = await (await call(`/staff/cases?q=${WORD}&from=2026-02-02&to=2026-02-02`, { headers: people.grid })).text();
    const expected = rows.filter((_, i) => i >= 16 && i < 30).sort(ORDER.newest);
    expect(html).toContain(`共 ${expected.length} 件`);
    expect(listedIds(html)).toEqual(expected.map((r) => r.id));
  });

  it("names a bad filter and keeps what was typed", async () => {
    const res = await call(`/staff/cases?q=${WORD}&from=2026-02-30&to=2026-01-01`, { headers: people.grid });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请检查这些筛选条件：");
    expect(html).toContain('value="2026-02-30"');
    expect(html).toContain(`value="${WORD}"`);
    expect(listedIds(html)).toEqual([]);
  });

  it("offers areas by name within the member's own, and another grid sees none of these cases", async () => {
    const html = await (await call("/staff/cases", { headers: people.community })).text();
    expect(html).toMatch(/<option value="\/xhl\/jh\/jh05\/jh0501\/">[^<]+<\/option>/);
    expect(html).not.toContain('value="/xhl/jh/jh01/');
    const other = await (await call(`/staff/cases?q=${WORD}`, { headers: people.otherGrid })).text();
    expect(other).toContain("共 0 件");
    expect((await call(`/staff/cases?area=/xhl/jh/jh05/jh0501/`, { headers: people.otherGrid })).status).toBe(403);
  });

  it("keeps the filters on every screen: a form outside the fold, and the fold opened once filters are set", async () => {
    const plain = await (await call("/staff/cases", { headers: people.grid })).text();
    expect(plain).toMatch(
      /<details class="filters-fold"><summary>[^<]+<\/summary><\/details><form method="get" action="\/staff\/cases" class="filters">/,
    );
    const filtered = await (await call(`/staff/cases?q=${WORD}`, { headers: people.grid })).text();
    expect(filtered).toContain('<details class="filters-fold" open="">');
  });
});
