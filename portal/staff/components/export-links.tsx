import { langHref } from "../../lang.ts";
import type { Lang } from "../../messages.ts";
import { STAFF_MESSAGES } from "../messages.ts";

/** The area's statistics and scorecards as CSV or Excel (a department officer's: their department's). */
export function StatsExportLinks({ lang, areaPath }: { lang: Lang; areaPath: string | null }) {
  const t = STAFF_MESSAGES[lang];
  const query = areaPath ? `?area=${encodeURIComponent(areaPath)}` : "";
  return (
    <section class="card" aria-labelledby="stats-export">
      <h2 id="stats-export">{t.exports.title}</h2>
      <p class="hint">{t.exports.statsHint}</p>
      <p>
        <a href={langHref(`/staff/exports/stats.csv${query}`, lang)} download>
          {t.caseList.exportCsv}
        </a>
        {"　"}
        <a href={langHref(`/staff/exports/stats.xlsx${query}`, lang)} download>
          {t.caseList.exportXlsx}
        </a>
      </p>
    </section>
  );
}
