import { CASE_LEVELS, CATEGORIES } from "../../../schema/constants.ts";
import type { caseStats } from "../../../worker/cases/stats.ts";
import { langHref } from "../../lang.ts";
import { type Lang, words } from "../../messages.ts";
import { type AreaRates, AreaRatesChart, RATE_KEYS, type RateKey } from "../charts/area-rates.tsx";
import { CountBarsChart } from "../charts/bars.tsx";
import { LevelShareChart } from "../charts/level-share.tsx";
import { RateLinesChart } from "../charts/rate-lines.tsx";
import { percent } from "../charts/scale.ts";
import { WeeklyCasesChart } from "../charts/weekly-columns.tsx";
import { STAFF_MESSAGES } from "../messages.ts";

type Stats = Awaited<ReturnType<typeof caseStats>>;

/** How the areas below are ordered: by one of the three rates, highest or lowest first; or as stored. */
export interface AreaOrder {
  by: RateKey | null;
  dir: "desc" | "asc";
}

/** Reads `?sort=` and `?dir=`; anything else is the default order. */
export function areaOrderOf(sort: string | undefined, dir: string | undefined): AreaOrder {
  const by = (RATE_KEYS as readonly string[]).includes(sort ?? "") ? (sort as RateKey) : null;
  return { by, dir: dir === "asc" ? "asc" : "desc" };
}

/** Sorted by the rate, areas with nothing to measure last either way; ties keep their order. */
export function sortAreas<T extends { rates: Record<RateKey, number | null> }>(areas: T[], order: AreaOrder): T[] {
  const { by } = order;
  if (!by) return areas;
  const sign = order.dir === "asc" ? 1 : -1;
  return [...areas].sort((a, b) => {
    const x = a.rates[by];
    const y = b.rates[by];
    if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0);
    return sign * (x - y);
  });
}

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ""));

/** `2026-11-30` → `11/30`: a week on the axis by its Monday. */
const monday = (starts: string) => `${Number(starts.slice(5, 7))}/${Number(starts.slice(8, 10))}`;

/** The pictures of an area's page, each with its numbers in a table. */
export function AreaCharts({ lang, stats, order, pageHref }: { lang: Lang; stats: Stats; order: AreaOrder; pageHref: string }) {
  const t = STAFF_MESSAGES[lang].charts;
  const rateName: Record<RateKey, string> = { resolution: t.resolution, onTime: t.onTime, satisfaction: t.satisfaction };
  const weeks = stats.weeks.map((w) => ({ ...w, label: monday(w.starts) }));
  const sum = (key: "filed" | "resolved") => weeks.reduce((n, w) => n + w[key], 0);
  const openTotal = stats.open;
  const children: AreaRates[] = sortAreas(
    stats.children.map((c) => ({
      name: c.area.name,
      href: langHref(`/staff?area=${encodeURIComponent(c.area.path)}`, lang),
      rates: { resolution: c.resolution_rate, onTime: c.on_time_rate, satisfaction: c.satisfaction_rate },
    })),
    order,
  );
  const solved = CASE_LEVELS.map((level) => ({ key: level, label: words.level(level, lang), count: stats.solved_at_level[level] }));
  const solvedTotal = solved.reduce((n, l) => n + l.count, 0);
  const shareOf = (n: number) => (solvedTotal > 0 ? percent(n / solvedTotal) : "–");
  const sortHref = (by: RateKey | null, dir: "asc" | "desc") => {
    const [path = "/staff", query = ""] = pageHref.split("?");
    const params = new URLSearchParams(query);
    if (by) params.set("sort", by);
    if (by) params.set("dir", dir);
    const search = params.toString();
    return `${langHref(search ? `${path}?${search}` : path, lang)}#area-rates`;
  };
  const orderText = order.by
    ? fill(t.sortedBy, { rate: rateName[order.by], dir: order.dir === "asc" ? t.lowFirst : t.highFirst })
    : t.unsorted;
  return (
    <section class="charts">
      <h2>{t.title}</h2>
      <WeeklyCasesChart
        id="weekly-cases"
        title={t.weekly}
        desc={fill(t.weeklyDesc, { filed: sum("filed"), resolved: sum("resolved") })}
        names={{ filed: t.filed, resolved: t.resolved }}
        weeks={weeks}
        table={{ caption: t.data, head: [t.weekOf, t.filed, t.resolved], rows: weeks.map((w) => [w.starts, w.filed, w.resolved]) }}
      />
      <RateLinesChart
        id="weekly-rates"
        title={t.rates}
        desc={t.ratesDesc}
        names={{ onTime: t.onTime, satisfaction: t.satisfaction }}
        weeks={weeks.map((w) => ({ label: w.label, onTime: w.on_time_rate, satisfaction: w.satisfaction_rate }))}
        table={{
          caption: t.data,
          head: [t.weekOf, t.resolved, t.onTime, t.satisfaction],
          rows: weeks.map((w) => [w.starts, w.resolved, percent(w.on_time_rate), percent(w.satisfaction_rate)]),
        }}
      />
      <CountBarsChart
        id="open-by-category"
        title={t.byCategory}
        desc={fill(t.openDesc, { n: openTotal, what: t.category })}
        items={CATEGORIES.map((c) => ({ key: c, label: words.category(c, lang), value: stats.open_by_category[c] }))}
        table={{
          caption: t.data,
          head: [t.category, t.count],
          rows: CATEGORIES.map((c) => [words.category(c, lang), stats.open_by_category[c]]),
        }}
      />
      <CountBarsChart
        id="open-by-level"
        title={t.byLevel}
        desc={fill(t.openDesc, { n: openTotal, what: t.level })}
        items={CASE_LEVELS.map((l) => ({ key: l, label: words.level(l, lang), value: stats.open_by_level[l] }))}
        table={{ caption: t.data, head: [t.level, t.count], rows: CASE_LEVELS.map((l) => [words.level(l, lang), stats.open_by_level[l]]) }}
      />
      {children.length === 0 ? null : (
        <>
          <p class="sort wide" id="area-rates">
            {t.sortBy}
            <a href={sortHref(null, "desc")}>{t.byDefault}</a>
            {RATE_KEYS.map((key) => (
              <>
                {" · "}
                {rateName[key]} <a href={sortHref(key, "desc")}>{t.highFirst}</a> / <a href={sortHref(key, "asc")}>{t.lowFirst}</a>
              </>
            ))}
          </p>
          <AreaRatesChart
            id="child-rates"
            title={t.children}
            desc={fill(t.childrenDesc, { n: children.length, order: orderText })}
            names={rateName}
            areas={children}
            table={{
              caption: t.data,
              head: [STAFF_MESSAGES[lang].area, t.resolution, t.onTime, t.satisfaction],
              rows: children.map((c) => [c.name, ...RATE_KEYS.map((k) => percent(c.rates[k]))]),
            }}
          />
        </>
      )}
      <LevelShareChart
        id="solved-at-level"
        title={t.levels}
        desc={fill(t.levelsDesc, {
          n: solvedTotal,
          grid: shareOf(stats.solved_at_level.grid),
          community: shareOf(stats.solved_at_level.grid + stats.solved_at_level.community),
        })}
        levels={solved}
        table={{ caption: t.data, head: [t.level, t.count, t.share], rows: solved.map((l) => [l.label, l.count, shareOf(l.count)]) }}
      />
    </section>
  );
}
