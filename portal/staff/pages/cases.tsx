import type { CaseRow } from "../../../schema/case.ts";
import { CASE_LEVELS, CASE_SORTS, CASE_STATUSES, CATEGORIES } from "../../../schema/constants.ts";
import type { AreaChoice } from "../../../worker/staff/case-list.ts";
import { type Lang, words } from "../../messages.ts";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";
import { CaseLine } from "./dashboard.tsx";

export interface CaseListProps {
  lang: Lang;
  csrf: string;
  /** The filters as typed (invalid ones too, so the form shows them again). */
  typed: Record<string, string>;
  /** Names of the fields that are not valid. */
  problems: string[];
  items: CaseRow[];
  total: number;
  moreThanTotal: boolean;
  areas: AreaChoice[];
  previousHref: string | null;
  nextHref: string | null;
  /** The filters as the exports' query string. */
  exportQuery: string;
}

// The list wants the width a desktop has; on a phone the form folds behind its summary.
const LIST_CSS = `
main:has(>.wide){max-width:72rem}
form.filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:0 .75rem;background:#fff;border-radius:10px;padding:2px 12px 12px;margin:8px 0}
form.filters .field:first-of-type,form.filters .buttons{grid-column:1/-1}
form.filters .bad input,form.filters .bad select{border:2px solid #a00000}
form.filters .radio{align-self:end}
form.filters .buttons{display:flex;gap:1.25rem;align-items:center}
form.filters .buttons button{width:auto;padding:0 2.5rem}
details.filters-fold{background:#fff;border-radius:10px;padding:0 12px;margin:8px 0}
details.filters-fold summary{font-weight:700;min-height:44px;padding-top:10px;cursor:pointer}
@media (min-width:48rem){details.filters-fold{display:none}}
@media (max-width:47.99rem){details.filters-fold:not([open])+form.filters{display:none}}
.list-head{display:flex;justify-content:space-between;align-items:center;flex-wrap:wrap;gap:.5rem}
.list-head .exports{display:flex;gap:1.25rem}
.list-head a,nav.pages a{display:inline-flex;align-items:center;min-height:3rem}
nav.pages{display:flex;justify-content:space-between}
nav.pages a[rel=next]{margin-left:auto}
`;

const INDENT: Record<string, string> = { street: "", community: "", grid: "　", micro_grid: "　　" };

/**
 * `/staff/cases`: search, filters and order as one GET form, the total, previous and next pages,
 * and the exports of everything matching. On a wide screen the form is always shown; on a phone
 * it folds behind "筛选" (opened when filters are set) — done in CSS, so it works without script.
 */
export function CaseListPage(props: CaseListProps) {
  const { lang, csrf, typed, problems, items } = props;
  const t = STAFF_MESSAGES[lang];
  const l = t.caseList;
  const labelled = (name: keyof typeof l & string, control: unknown, field: string = name) => (
    <div class={problems.includes(field) ? "field bad" : "field"}>
      <label for={`f-${name}`}>{l[name] as string}</label>
      {control}
    </div>
  );
  const select = (name: "status" | "category" | "level" | "sort", values: readonly string[], label: (v: string) => string, any = true) =>
    labelled(
      name,
      <select id={`f-${name}`} name={name}>
        {any ? <option value="">{t.any}</option> : null}
        {values.map((v) => (
          <option value={v} selected={typed[name] === v}>
            {label(v)}
          </option>
        ))}
      </select>,
    );
  const anyFilter = Object.keys(typed).some((name) => name !== "sort");
  const totalText = (props.moreThanTotal ? l.totalMore : l.total).replace("{n}", String(props.total));
  return (
    <StaffLayout lang={lang} title={t.nav.cases} csrf={csrf}>
      <div class="wide">
        <style dangerouslySetInnerHTML={{ __html: LIST_CSS }} />
        <h1>{t.nav.cases}</h1>
        {problems.length > 0 ? (
          <div class="alert" role="alert">
            {l.invalid} {problems.map((name) => (name === "q" ? l.search : (l[name as keyof typeof l] as string))).join("、")}
          </div>
        ) : null}
        <details class="filters-fold" open={anyFilter || problems.length > 0}>
          <summary>{t.filters}</summary>
        </details>
        <form method="get" action="/staff/cases" class="filters">
          {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
          {labelled(
            "search",
            <input id="f-search" name="q" type="search" value={typed.q ?? ""} placeholder={l.searchHint} maxlength={100} />,
            "q",
          )}
          {select("status", CASE_STATUSES, (v) => words.status(v as (typeof CASE_STATUSES)[number], lang))}
          {select("category", CATEGORIES, (v) => words.category(v as (typeof CATEGORIES)[number], lang))}
          {select("level", CASE_LEVELS, (v) => words.level(v as (typeof CASE_LEVELS)[number], lang))}
          {labelled(
            "area",
            <select id="f-area" name="area">
              <option value="">{t.any}</option>
              {props.areas.map((a) => (
                <option value={a.path} selected={typed.area === a.path}>
                  {`${INDENT[a.level] ?? ""}${a.name}`}
                </option>
              ))}
            </select>,
          )}
          {labelled("from", <input id="f-from" name="from" type="date" value={typed.from ?? ""} />)}
          {labelled("to", <input id="f-to" name="to" type="date" value={typed.to ?? ""} />)}
          {select("sort", CASE_SORTS, (v) => l.sorts[v as (typeof CASE_SORTS)[number]], false)}
          <label class="radio">
            <input type="checkbox" name="overdue" value="true" checked={typed.overdue === "true"} /> <span>{l.overdue}</span>
          </label>
          <div class="buttons">
            <button type="submit">{t.apply}</button>
            {anyFilter ? <a href={lang === "en" ? "/staff/cases?lang=en" : "/staff/cases"}>{l.clear}</a> : null}
          </div>
        </form>
        <p class="list-head">
          <strong id="total">{totalText}</strong>
          <span class="exports">
            <a href={`/staff/exports/cases.csv?${props.exportQuery}`} download>
              {l.exportCsv}
            </a>
            <a href={`/staff/exports/cases.xlsx?${props.exportQuery}`} download>
              {l.exportXlsx}
            </a>
          </span>
        </p>
        {items.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ul class="plain card">
            {items.map((row) => (
              <CaseLine lang={lang} row={row} />
            ))}
          </ul>
        )}
        <nav class="pages" aria-label={t.nav.cases}>
          {props.previousHref ? (
            <a href={props.previousHref} rel="prev">
              {l.previous}
            </a>
          ) : null}
          {props.nextHref ? (
            <a href={props.nextHref} rel="next">
              {t.next}
            </a>
          ) : null}
        </nav>
      </div>
    </StaffLayout>
  );
}
