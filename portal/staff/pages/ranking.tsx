import type { RankBy, Ranked, RankingRow } from "../../../worker/staff/ranking.ts";
import { langHref } from "../../lang.ts";
import type { Lang } from "../../messages.ts";
import { percent } from "../charts/scale.ts";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";

export interface RankingProps {
  lang: Lang;
  csrf: string;
  admin: boolean;
  /** What the member may rank, and what is shown. */
  objects: readonly Ranked[];
  of: Ranked;
  by: RankBy;
  /** The form's values as given (kept when they are wrong). */
  form: { period: string; from: string; to: string };
  /** The period's first and last day (Shanghai), when it is valid. */
  shown: { first: string; last: string } | null;
  rows: RankingRow[];
  error?: string | undefined;
}

// Printed, the page is its title and one table: nothing else, no background, rows kept whole.
const PRINT_CSS = `
@media print{header.top,form.ranking,nav.objects,p.hint,p.period{display:none}body{background:#fff}main{max-width:none;padding:0}
table.ranking a{color:inherit;text-decoration:none}
table.ranking{font-size:11pt}table.ranking th,table.ranking td{border:1px solid #000;padding:3px 6px}tr{break-inside:avoid}thead{display:table-header-group}}
table.ranking td.n,table.ranking th.n{text-align:right}
table.ranking .by{font-weight:700}
`;

/** `/staff/ranking`: streets, communities, grids or departments ranked by a rate over a period. */
export function RankingPage(props: RankingProps) {
  const { lang, csrf, admin, objects, of, by, form, shown, rows, error } = props;
  const t = STAFF_MESSAGES[lang].ranking;
  const c = STAFF_MESSAGES[lang].charts;
  const rateName: Record<RankBy, string> = { resolution: c.resolution, on_time: c.onTime, satisfaction: c.satisfaction };
  const query = (over: Record<string, string>) =>
    langHref(`/staff/ranking?${new URLSearchParams({ of, by, period: form.period, from: form.from, to: form.to, ...over })}`, lang);
  const period = shown ? `${shown.first} ${t.through} ${shown.last}` : "";
  const radio = (value: string, label: string) => (
    <label class="radio">
      <input type="radio" name="period" value={value} checked={form.period === value} /> <span>{label}</span>
    </label>
  );
  return (
    <StaffLayout lang={lang} title={t.title} csrf={csrf} admin={admin}>
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <h1>
        {t.title} · {t.objects[of]}
      </h1>
      <nav class="objects">
        {objects.map((o) => (o === of ? <strong>{t.objects[o]} </strong> : <a href={query({ of: o })}>{t.objects[o]} </a>))}
      </nav>
      <form method="get" action="/staff/ranking" class="ranking">
        {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <input type="hidden" name="of" value={of} />
        <fieldset>
          <legend>{t.period}</legend>
          {radio("week", t.thisWeek)}
          {radio("month", t.thisMonth)}
          {radio("custom", t.custom)}
          <label for="from">{t.from}</label>
          <input id="from" name="from" type="date" value={form.from} />
          <label for="to">{t.to}</label>
          <input id="to" name="to" type="date" value={form.to} />
        </fieldset>
        <label for="by">{t.sortBy}</label>
        <select id="by" name="by">
          {(Object.keys(rateName) as RankBy[]).map((key) => (
            <option value={key} selected={key === by}>
              {rateName[key]}
            </option>
          ))}
        </select>
        <button type="submit">{t.show}</button>
      </form>
      {error ? (
        <p class="alert" role="alert">
          {error}
        </p>
      ) : null}
      {shown ? (
        <>
          <p class="period">
            <strong>{t.period}</strong>: {period} · <strong>{t.sortBy}</strong>: {rateName[by]}
          </p>
          {rows.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <div class="scroll">
              <table class="ranking">
                <caption>{`${t.title} · ${t.objects[of]} · ${period}`}</caption>
                <thead>
                  <tr>
                    <th class="n" scope="col">
                      {t.rank}
                    </th>
                    <th scope="col">{t.name}</th>
                    <th class="n" scope="col">
                      {t.filed}
                    </th>
                    <th class="n" scope="col">
                      {t.resolved}
                    </th>
                    {(["resolution", "on_time", "satisfaction"] as const).map((key) => (
                      <th class={key === by ? "n by" : "n"} scope="col">
                        <a href={query({ by: key })}>{rateName[key]}</a>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr data-id={row.id}>
                      <td class="n">{row.rank ?? "–"}</td>
                      <th scope="row">{row.name}</th>
                      <td class="n">{row.filed}</td>
                      <td class="n">{row.resolved}</td>
                      <td class={by === "resolution" ? "n by" : "n"}>{percent(row.resolution_rate)}</td>
                      <td class={by === "on_time" ? "n by" : "n"}>{percent(row.on_time_rate)}</td>
                      <td class={by === "satisfaction" ? "n by" : "n"}>{percent(row.satisfaction_rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p class="hint muted">
            {t.basis} {t.scopeNote} {t.printHint}
          </p>
        </>
      ) : null}
    </StaffLayout>
  );
}
