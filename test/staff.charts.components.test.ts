import { describe, expect, it } from "vitest";
import { CountBarsChart } from "../portal/staff/charts/bars.tsx";
import { RateLinesChart } from "../portal/staff/charts/rate-lines.tsx";
import { countAxis, percent } from "../portal/staff/charts/scale.ts";
import { WeeklyCasesChart } from "../portal/staff/charts/weekly-columns.tsx";
import { areaOrderOf, sortAreas } from "../portal/staff/pages/area-charts.tsx";

// The chart components on their own: axes, proportions, gaps and the table beside the picture.

const TABLE = { caption: "数据表", head: ["周", "受理"], rows: [["11/30", 2]] };
const html = (element: unknown) => String(element);

describe("countAxis", () => {
  it("rounds the top up to 1, 2 or 5 steps of a power of ten, in about four steps", () => {
    expect(countAxis(0)).toEqual({ top: 1, ticks: [0, 1] });
    expect(countAxis(3)).toEqual({ top: 3, ticks: [0, 1, 2, 3] });
    expect(countAxis(7)).toEqual({ top: 8, ticks: [0, 2, 4, 6, 8] });
    expect(countAxis(37)).toEqual({ top: 40, ticks: [0, 10, 20, 30, 40] });
    expect(countAxis(1234)).toEqual({ top: 1500, ticks: [0, 500, 1000, 1500] });
  });

  it("writes rates as whole percents and nothing to measure as a dash", () => {
    expect([percent(0.667), percent(0), percent(1), percent(null)]).toEqual(["67%", "0%", "100%", "–"]);
  });
});

describe("the chart components", () => {
  it("draw columns in proportion to the counts, zero as no height", () => {
    const svg = html(
      WeeklyCasesChart({
        id: "w",
        title: "受理与办结",
        desc: "说明",
        names: { filed: "受理", resolved: "办结" },
        weeks: [
          { label: "11/23", filed: 4, resolved: 0 },
          { label: "11/30", filed: 2, resolved: 1 },
        ],
        table: TABLE,
      }),
    );
    const marks = [...svg.matchAll(/data-series="(\w+)" data-value="(\d+)"[^>]*height="([\d.]+)"/g)].map(([, s, v, h]) => ({
      series: s,
      value: Number(v),
      height: Number(h),
    }));
    expect(marks.map((m) => [m.series, m.value])).toEqual([
      ["filed", 4],
      ["resolved", 0],
      ["filed", 2],
      ["resolved", 1],
    ]);
    const unit = marks[3]!.height;
    expect(marks.map((m) => Math.round((m.height / unit) * 10) / 10)).toEqual([4, 0, 2, 1]);
    expect(svg).toContain('<title id="w-title">受理与办结</title><desc id="w-desc">说明</desc>');
    expect(svg).toContain('<th scope="row">11/30</th><td>2</td>');
  });

  it("break a rate's line where a week has nothing to rate, and draw no point there", () => {
    const svg = html(
      RateLinesChart({
        id: "r",
        title: "按时率",
        desc: "说明",
        names: { onTime: "按时率", satisfaction: "满意率" },
        weeks: [
          { label: "1", onTime: 1, satisfaction: null },
          { label: "2", onTime: 0.5, satisfaction: null },
          { label: "3", onTime: null, satisfaction: null },
          { label: "4", onTime: 0, satisfaction: 0.25 },
        ],
        table: TABLE,
      }),
    );
    const lines = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map(([, p]) => p!.split(" ").length);
    expect(lines).toEqual([2, 1, 1]);
    expect([...svg.matchAll(/data-series="onTime" data-value="([\d.]+)"/g)].map(([, v]) => Number(v))).toEqual([1, 0.5, 0]);
    expect([...svg.matchAll(/data-series="satisfaction" data-value="([\d.]+)"/g)].map(([, v]) => Number(v))).toEqual([0.25]);
  });

  it("draw one bar per row, its length in proportion to the count", () => {
    const svg = html(
      CountBarsChart({
        id: "c",
        title: "待办",
        desc: "说明",
        items: [
          { key: "a", label: "甲", value: 4 },
          { key: "b", label: "乙", value: 0 },
          { key: "c", label: "丙", value: 1 },
        ],
        table: TABLE,
      }),
    );
    const widths = [...svg.matchAll(/data-series="(\w)" data-value="(\d)"[^>]*width="([\d.]+)"/g)].map(([, k, v, w]) => [
      k,
      Number(v),
      Number(w),
    ]);
    expect(widths.map(([k, v]) => [k, v])).toEqual([
      ["a", 4],
      ["b", 0],
      ["c", 1],
    ]);
    expect(widths[1]![2]).toBe(0);
    expect(widths[0]![2]).toBeCloseTo(4 * (widths[2]![2] as number), 0);
  });
});

describe("sorting the areas below", () => {
  const areas = [
    { name: "一", rates: { resolution: 0.5, onTime: null, satisfaction: 1 } },
    { name: "二", rates: { resolution: null, onTime: 0.2, satisfaction: 0 } },
    { name: "三", rates: { resolution: 0.9, onTime: 0.1, satisfaction: null } },
  ];
  const names = (order: ReturnType<typeof areaOrderOf>) => sortAreas(areas, order).map((a) => a.name);
  it("orders by the rate asked for, either way, the unmeasured last; anything else keeps the order", () => {
    expect(names(areaOrderOf("resolution", undefined))).toEqual(["三", "一", "二"]);
    expect(names(areaOrderOf("resolution", "asc"))).toEqual(["一", "三", "二"]);
    expect(names(areaOrderOf("onTime", "desc"))).toEqual(["二", "三", "一"]);
    expect(names(areaOrderOf("satisfaction", "asc"))).toEqual(["二", "一", "三"]);
    expect(names(areaOrderOf("name", "asc"))).toEqual(["一", "二", "三"]);
    expect(names(areaOrderOf(undefined, undefined))).toEqual(["一", "二", "三"]);
  });
});
