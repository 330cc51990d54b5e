/// <reference types="vite/client" />
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { CASE_LEVELS, CATEGORIES } from "../schema/constants.ts";
import { buildHistory } from "./helpers/history.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, json } from "./helpers/worker.ts";

// The area page's charts: drawn on the server as SVG, each with its numbers in a table, and the
// numbers the same as the statistics API's for the same area.

type H = Record<string, string>;
let community: H, grid: H;

beforeAll(async () => {
  await seedDemo();
  community = (await signIn("community_staff", { area: "jh05" })).headers;
  grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
  await buildHistory();
});

/** The `<figure>` of one chart, by id. */
function figure(html: string, id: string): string {
  const start = html.search(new RegExp(`<figure class="chart( wide)?" id="${id}">`));
  expect(start, id).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</figure>", start));
}

const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/** The data marks of a chart (bars, points, segments), in document order. */
function marks(fig: string) {
  return [...fig.matchAll(/<(rect|circle)\b[^>]*class="mark"[^>]*>/g)].map(([tag]) => ({
    series: attr(tag, "data-series")!,
    value: Number(attr(tag, "data-value")),
    height: Number(attr(tag, "height")),
    width: Number(attr(tag, "width")),
  }));
}

/** The data table's body rows, as the cells' text. */
function tableRows(fig: string) {
  const body = fig.slice(fig.indexOf("<tbody>"), fig.indexOf("</tbody>"));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map(([, row]) => [...row!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map(([, cell]) => cell));
}

const NULLS = (n: number) => Array.from({ length: n }, () => null);

describe("the weekly series of the statistics API", () => {
  it("counts cases filed and answered per Shanghai week, and the week's on-time and satisfaction rates", async () => {
    const stats = await json(await call("/api/v1/stats?area=jh05", { headers: community }));
    expect(stats.weeks).toHaveLength(12);
    const series = (key: string) => stats.weeks.map((w: Record<string, unknown>) => w[key]);
    // Oldest first: 4 weeks back is index 7, this week index 11 (test/helpers/history.ts).
    expect(series("filed")).toEqual([0, 0, 0, 0, 0, 0, 0, 3, 0, 2, 0, 0]);
    expect(series("resolved")).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
    expect(series("on_time_rate")).toEqual([...NULLS(7), 1, 0, 0, null, null]);
    expect(series("satisfaction_rate")).toEqual([...NULLS(7), 1, 0, null, null, null]);
    // Mondays, a week apart.
    const mondays = series("starts").map((d: string) => Date.parse(`${d}T00:00:00Z`));
    expect(mondays.slice(1).map((d: number, i: number) => d - mondays[i])).toEqual(Array(11).fill(7 * 24 * 3600_000));
    expect(new Date(mondays[0]).getUTCDay()).toBe(1);
    expect(stats.open_by_category).toEqual({
      public_service: 0,
      social_opinion: 0,
      emergency: 0,
      petition_sign: 0,
      safety_hazard: 1,
      dispute: 0,
    });
    const gridOnly = await json(await call("/api/v1/stats?area=jh0502", { headers: community }));
    expect(gridOnly.weeks.map((w: { filed: number }) => w.filed)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0]);
  });

  it("is what the counters' backfill migration computes from the case rows", async () => {
    // The migration recounts the weekly and open-by-category counters from the cases; on cases the
    // workflow wrote, it must give back exactly the counters the workflow kept (a counter the
    // workflow took back down to zero keeps its row; the recount writes none).
    const files = import.meta.glob("../migrations/*_weekly_and_open_category_counters.sql", {
      query: "?raw",
      import: "default",
      eager: true,
    });
    const [sql] = Object.values(files);
    expect(sql).toBeDefined();
    const read = () =>
      env.DB.prepare(
        "SELECT scope, metric, value FROM case_counter WHERE value <> 0 AND ((metric >= 'week:' AND metric < 'week;') OR metric LIKE 'open_category:%' OR metric LIKE 'resolved_week:%') ORDER BY scope, metric",
      ).all();
    const kept = (await read()).results;
    expect(kept.length).toBeGreaterThan(20);
    await env.DB.prepare("DELETE FROM case_counter WHERE metric >= 'week:' AND metric < 'week;'").run();
    await env.DB.prepare("UPDATE case_counter SET value = 99 WHERE metric LIKE 'open_category:%'").run();
    await env.DB.prepare("INSERT INTO case_counter (scope, metric, value) VALUES ('jh05', 'resolved_week:2026-W01', 4)").run();
    for (const statement of sql!.split("--> statement-breakpoint")) await env.DB.prepare(statement).run();
    expect((await read()).results).toEqual(kept);
  });
});

describe("the area page's charts", () => {
  it("draw the API's numbers for the same area, as SVG without script", async () => {
    const stats = await json(await call("/api/v1/stats?area=/xhl/jh/jh05/", { headers: community }));
    const res = await call(`/staff?area=${encodeURIComponent("/xhl/jh/jh05/")}`, { headers: community });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<svg[^>]*\shref="https?:/);

    const weekly = marks(figure(html, "weekly-cases"));
    const filed = weekly.filter((m) => m.series === "filed");
    const resolved = weekly.filter((m) => m.series === "resolved");
    expect(filed.map((m) => m.value)).toEqual(stats.weeks.map((w: { filed: number }) => w.filed));
    expect(resolved.map((m) => m.value)).toEqual(stats.weeks.map((w: { resolved: number }) => w.resolved));
    // Column heights in proportion to the counts: 3 filed is three times 1 resolved.
    const tallest = filed.find((m) => m.value === 3)!;
    const one = resolved.find((m) => m.value === 1)!;
    expect(tallest.height).toBeCloseTo(3 * one.height, 0);
    expect(filed.filter((m) => m.value === 0).every((m) => m.height === 0)).toBe(true);

    const rates = marks(figure(html, "weekly-rates"));
    const nonNull = (key: string) => stats.weeks.map((w: Record<string, number | null>) => w[key]).filter((v: number | null) => v !== null);
    expect(rates.filter((m) => m.series === "onTime").map((m) => m.value)).toEqual(nonNull("on_time_rate"));
    expect(rates.filter((m) => m.series === "satisfaction").map((m) => m.value)).toEqual(nonNull("satisfaction_rate"));

    expect(marks(figure(html, "open-by-category")).map((m) => m.value)).toEqual(CATEGORIES.map((c) => stats.open_by_category[c]));
    expect(marks(figure(html, "open-by-level")).map((m) => m.value)).toEqual(CASE_LEVELS.map((l) => stats.open_by_level[l]));
    const solved = marks(figure(html, "solved-at-level"));
    expect(Object.fromEntries(solved.map((m) => [m.series, m.value]))).toEqual(
      Object.fromEntries(Object.entries(stats.solved_at_level).filter(([, n]) => (n as number) > 0)),
    );
    expect(solved.map((m) => m.series)).toEqual(["grid"]);

    const children = marks(figure(html, "child-rates"));
    const expected = stats.children.flatMap((c: Record<string, number | null>) =>
      [c.resolution_rate, c.on_time_rate, c.satisfaction_rate].filter((v) => v !== null),
    );
    expect(children.map((m) => m.value)).toEqual(expected);
    expect(expected).toEqual([0.667, 0.5, 0.5, 1, 0]);
  });

  it("each have a text equivalent: the image named and described, and its numbers in a table", async () => {
    const html = await (await call(`/staff?area=${encodeURIComponent("/xhl/jh/jh05/")}`, { headers: community })).text();
    for (const id of ["weekly-cases", "weekly-rates", "open-by-category", "open-by-level", "child-rates", "solved-at-level"]) {
      const fig = figure(html, id);
      const svg = fig.match(/<svg[^>]*>/)![0];
      expect(attr(svg, "role"), id).toBe("img");
      expect(attr(svg, "aria-labelledby"), id).toBe(`${id}-title ${id}-desc`);
      expect(fig, id).toMatch(new RegExp(`<title id="${id}-title">[^<]{4,}</title>`));
      expect(fig, id).toMatch(new RegExp(`<desc id="${id}-desc">[^<]{10,}</desc>`));
      expect(fig, id).toMatch(/<details><summary>数据表<\/summary><table>/);
    }
    const weekly = tableRows(figure(html, "weekly-cases"));
    expect(weekly).toHaveLength(12);
    expect(weekly.map((r) => [Number(r[1]), Number(r[2])]).slice(7)).toEqual([
      [3, 1],
      [0, 1],
      [2, 1],
      [0, 0],
      [0, 0],
    ]);
    expect(
      tableRows(figure(html, "weekly-rates"))
        .map((r) => r.slice(2))
        .slice(7),
    ).toEqual([
      ["100%", "100%"],
      ["0%", "0%"],
      ["0%", "–"],
      ["–", "–"],
      ["–", "–"],
    ]);
    expect(figure(html, "weekly-cases")).toContain("合计受理 5 件、办结 3 件");
    expect(figure(html, "solved-at-level")).toContain("已办结 3 件：网格内解决 100%");
  });

  it("sort the areas below by a rate through a link, highest or lowest first, unmeasured last", async () => {
    const stats = await json(await call("/api/v1/stats?area=jh05", { headers: community }));
    const name = (id: string) => stats.children.find((c: { area: { id: string } }) => c.area.id === id).area.name;
    const order = async (query: string) => {
      const html = await (await call(`/staff?area=${encodeURIComponent("/xhl/jh/jh05/")}${query}`, { headers: community })).text();
      const fig = figure(html, "child-rates");
      return { names: [...fig.matchAll(/<g class="area" data-area="([^"]+)"/g)].map(([, n]) => n), fig, html };
    };
    expect((await order("")).names).toEqual(["jh0501", "jh0502", "jh0503"].map(name));
    const byResolution = await order("&sort=resolution&dir=desc");
    expect(byResolution.names).toEqual(["jh0502", "jh0501", "jh0503"].map(name));
    expect(byResolution.fig).toContain("按解决率从高到低排列");
    expect((await order("&sort=resolution&dir=asc")).names).toEqual(["jh0501", "jh0502", "jh0503"].map(name));
    expect((await order("&sort=onTime")).names).toEqual(["jh0501", "jh0502", "jh0503"].map(name));
    expect((await order("&sort=onTime&dir=asc")).names).toEqual(["jh0502", "jh0501", "jh0503"].map(name));
    // The links that sort, kept on the same area; anything else is the default order.
    expect(byResolution.html).toContain(`href="/staff?area=%2Fxhl%2Fjh%2Fjh05%2F&amp;sort=satisfaction&amp;dir=asc#area-rates"`);
    expect((await order("&sort=bogus")).names).toEqual(["jh0501", "jh0502", "jh0503"].map(name));
  });

  it("are refused for an area outside the member's scope, and show a grid its own numbers", async () => {
    const refused = await call(`/staff?area=${encodeURIComponent("/xhl/jh/jh05/")}`, { headers: grid });
    expect(refused.status).toBe(403);
    expect(await refused.text()).not.toContain('id="weekly-cases"');
    const other = await call(`/staff?area=${encodeURIComponent("/xhl/jh/jh05/jh0502/")}`, { headers: grid });
    expect(other.status).toBe(403);
    const own = await (await call("/staff", { headers: grid })).text();
    const filed = marks(figure(own, "weekly-cases")).filter((m) => m.series === "filed");
    expect(filed.map((m) => m.value)).toEqual([0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0]);
  });

  it("read in English with ?lang=en", async () => {
    const html = await (await call(`/staff?area=${encodeURIComponent("/xhl/jh/jh05/")}&lang=en`, { headers: community })).text();
    expect(figure(html, "weekly-cases")).toContain("Cases filed and resolved, last 12 weeks");
    expect(figure(html, "weekly-cases")).toContain("<summary>Data table</summary>");
  });
});
