import { beforeAll, describe, expect, it } from "vitest";
import { periodOf, rankRows } from "../worker/staff/ranking.ts";
import { buildHistory } from "./helpers/history.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signInCast } from "./helpers/staff.ts";
import { call } from "./helpers/worker.ts";

// 三率排行: areas and departments ranked by the three rates over the cases filed in a period; each
// member sees what lies within their responsibility.

let people: Awaited<ReturnType<typeof signInCast>>;
let history: Awaited<ReturnType<typeof buildHistory>>;
let custom: string;

const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
  history = await buildHistory();
  // From the Monday 4 weeks back to the Sunday 2 weeks back: every case of the history.
  custom = `period=custom&from=${day(history.monday(4))}&to=${day(new Date(history.monday(1).getTime() - 1))}`;
});

/** The table's rows: id, rank, filed, resolved and the three rates as shown. */
async function ranking(query: string, headers: Record<string, string>, status = 200) {
  const res = await call(`/staff/ranking?${query}`, { headers });
  expect(res.status, query).toBe(status);
  const html = await res.text();
  const rows = [...html.matchAll(/<tr data-id="([^"]+)">(.*?)<\/tr>/g)].map(([, id, row]) => [
    id,
    ...[...row!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) => cell).filter((_, i) => i !== 1),
  ]);
  return { html, rows };
}

describe("the ranking page", () => {
  it("ranks grids by resolution over a custom period, unmeasured grids unranked at the end", async () => {
    const { rows, html } = await ranking(`of=grid&by=resolution&${custom}`, people.district);
    expect(rows.slice(0, 2)).toEqual([
      ["jh0502", "1", "2", "1", "100%", "0%", "–"],
      ["jh0501", "2", "3", "2", "67%", "50%", "50%"],
    ]);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.slice(2).every((r) => r[1] === "–" && r[2] === "0")).toBe(true);
    expect(html).toContain("@media print");
    expect(html).toMatch(/<caption>三率排行 · 网格 · \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}<\/caption>/);
  });

  it("ranks by the rate chosen, and rolls grids up into communities and streets", async () => {
    const byOnTime = await ranking(`of=grid&by=on_time&${custom}`, people.district);
    expect(byOnTime.rows.slice(0, 2).map((r) => [r[0], r[1], r[5]])).toEqual([
      ["jh0501", "1", "50%"],
      ["jh0502", "2", "0%"],
    ]);
    const communities = await ranking(`of=community&by=satisfaction&${custom}`, people.district);
    expect(communities.rows[0]).toEqual(["jh05", "1", "5", "3", "75%", "33%", "50%"]);
    const streets = await ranking(`of=street&${custom}`, people.district);
    expect(streets.rows[0]).toEqual(["jh", "1", "5", "3", "75%", "33%", "50%"]);
  });

  it("counts nothing this week for cases filed weeks ago, and shows the week's dates", async () => {
    const { rows, html } = await ranking("of=grid", people.district);
    expect(rows.find((r) => r[0] === "jh0501")).toEqual(["jh0501", "–", "0", "0", "–", "–", "–"]);
    const monday = day(history.monday(0));
    expect(html).toContain(`name="from" type="date" value="${monday}"`);
  });

  it("lists only what lies within the member's responsibility", async () => {
    const street = await ranking(`of=grid&${custom}`, people.street);
    expect(street.rows.length).toBeGreaterThan(2);
    expect(street.rows.every(([id]) => id!.startsWith("jh"))).toBe(true);
    // A street officer asking for departments gets their own kind of ranking instead.
    const asked = await ranking(`of=department&${custom}`, people.street);
    expect(asked.rows.map(([id]) => id)).toEqual(["jh"]);
    const community = await ranking(`of=grid&${custom}`, people.community);
    expect(community.rows.map(([id]) => id).sort()).toEqual(
      community.rows
        .map(([id]) => id)
        .filter((id) => id!.startsWith("jh05"))
        .sort(),
    );
    expect((await ranking(`of=street&${custom}`, people.community)).rows.map(([id]) => id)).toEqual(["jh05"]);
    expect((await ranking(`${custom}`, people.grid)).rows.map(([id]) => id)).toEqual(["jh0501"]);
    expect((await ranking(`of=community&${custom}`, people.otherGrid)).rows.map(([id]) => id)).toEqual(["jh0502"]);
    expect((await ranking(`${custom}`, people.market)).rows.map(([id]) => id)).toEqual(["market_supervision"]);
    const departments = await ranking(`of=department&${custom}`, people.district);
    expect(departments.rows.length).toBeGreaterThan(1);
    expect((await call("/staff/ranking", { headers: people.assistant })).status).toBe(403);
  });

  it("names a wrong period and keeps what was typed", async () => {
    for (const [from, to] of [
      ["2026-13-01", "2026-12-01"],
      ["2026-12-05", "2026-12-01"],
      ["2025-01-01", "2026-12-01"],
      ["", ""],
    ]) {
      const { html, rows } = await ranking(`period=custom&from=${from}&to=${to}`, people.district, 400);
      expect(rows).toEqual([]);
      expect(html).toContain("日期有误");
      expect(html).toContain(`name="from" type="date" value="${from}"`);
    }
  });

  it("reads in English", async () => {
    const { html } = await ranking(`of=grid&lang=en&${custom}`, people.district);
    expect(html).toContain("Ranking by the three rates");
    expect(html).not.toMatch(/三率排行/);
  });
});

describe("periods and ranks", () => {
  const now = new Date("2026-12-02T20:00:00Z"); // Thursday 04:00 in Shanghai
  it("turn at Shanghai midnight: this week from Monday, this month from the 1st, a custom one through its last day", () => {
    expect(periodOf("week", undefined, undefined, now)).toEqual({
      kind: "week",
      from: new Date("2026-11-29T16:00:00Z"),
      to: new Date("2026-12-06T16:00:00Z"),
    });
    expect(periodOf("month", undefined, undefined, now)).toEqual({
      kind: "month",
      from: new Date("2026-11-30T16:00:00Z"),
      to: new Date("2026-12-31T16:00:00Z"),
    });
    expect(periodOf("custom", "2026-02-01", "2026-02-28", now)).toEqual({
      kind: "custom",
      from: new Date("2026-01-31T16:00:00Z"),
      to: new Date("2026-02-28T16:00:00Z"),
    });
    expect(() => periodOf("custom", "2026-02-30", "2026-03-01", now)).toThrow();
    expect(() => periodOf("custom", "2025-01-01", "2026-01-02", now)).toThrow();
    // 366 days, both ends included, is the longest.
    expect(periodOf("custom", "2025-01-01", "2026-01-01", now).to).toEqual(new Date("2026-01-01T16:00:00Z"));
  });

  it("share a rank between equal rates, and leave the unmeasured unranked", () => {
    const row = (id: string, resolution: number | null, filed = 1) => ({
      id,
      name: id,
      filed,
      resolved: 0,
      resolution_rate: resolution,
      on_time_rate: null,
      satisfaction_rate: null,
    });
    const ranked = rankRows([row("a", 0.5), row("b", null), row("c", 0.9), row("d", 0.5, 4), row("e", 0.1)], "resolution");
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ["c", 1],
      ["d", 2],
      ["a", 2],
      ["e", 4],
      ["b", null],
    ]);
  });
});
