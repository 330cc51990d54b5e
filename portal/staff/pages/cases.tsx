import type { CaseRow } from "../../../schema/case.ts";
import { CASE_LEVELS, CASE_STATUSES, CATEGORIES } from "../../../schema/constants.ts";
import { type Lang, words } from "../../messages.ts";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";
import { CaseLine } from "./dashboard.tsx";

export interface CaseListProps {
  lang: Lang;
  csrf: string;
  filters: Record<string, string>;
  items: CaseRow[];
  nextHref: string | null;
}

/** `/staff/cases`: the API's filters as a form, the cases newest first, a link to the next page. */
export function CaseListPage({ lang, csrf, filters, items, nextHref }: CaseListProps) {
  const t = STAFF_MESSAGES[lang];
  const select = (name: string, values: readonly string[], label: (v: string) => string) => (
    <>
      <label for={name}>{name}</label>
      <select id={name} name={name}>
        <option value="">{t.any}</option>
        {values.map((v) => (
          <option value={v} selected={filters[name] === v}>
            {label(v)}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <StaffLayout lang={lang} title={t.nav.cases} csrf={csrf}>
      <h1>{t.nav.cases}</h1>
      <details class="action" open={Object.values(filters).some(Boolean)}>
        <summary>{t.filters}</summary>
        <form method="get" action="/staff/cases">
          {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
          {select("status", CASE_STATUSES, (v) => words.status(v as (typeof CASE_STATUSES)[number], lang))}
          {select("category", CATEGORIES, (v) => words.category(v as (typeof CATEGORIES)[number], lang))}
          {select("level", CASE_LEVELS, (v) => words.level(v as (typeof CASE_LEVELS)[number], lang))}
          <label class="radio">
            <input type="checkbox" name="overdue" value="true" checked={filters.overdue === "true"} /> <span>{t.overdueBadge}</span>
          </label>
          <label for="area">area</label>
          <input id="area" name="area" value={filters.area ?? ""} placeholder="/xhl/jh/" />
          <button type="submit">{t.apply}</button>
        </form>
      </details>
      {items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul class="plain card">
          {items.map((row) => (
            <CaseLine lang={lang} row={row} />
          ))}
        </ul>
      )}
      {nextHref ? (
        <p>
          <a href={nextHref}>{t.next}</a>
        </p>
      ) : null}
    </StaffLayout>
  );
}
