import { type CaseLineRow, DUE_TODAY_CAP, type loadDashboard } from "../../../worker/staff/dashboard.ts";
import { formatTime, langHref } from "../../lang.ts";
import { type Lang, words } from "../../messages.ts";
import { percent } from "../charts/scale.ts";
import { StatsExportLinks } from "../components/export-links.tsx";
import { ReopenMark } from "../components/reopen-mark.tsx";
import { SupervisedMark } from "../components/supervised-mark.tsx";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";
import { AreaCharts, type AreaOrder } from "./area-charts.tsx";

export function CaseLine({ lang, row }: { lang: Lang; row: CaseLineRow }) {
  const t = STAFF_MESSAGES[lang];
  return (
    <li class="contact">
      <a class="who" href={langHref(`/staff/cases/${row.id}`, lang)}>
        {words.category(row.category, lang)} · {row.description.slice(0, 40)}
        <small>
          {words.status(row.status, lang)} · {words.level(row.level, lang)} · {t.due} {formatTime(row.dueAt, lang)}{" "}
          {row.overdue ? <span class="badge">{t.overdueBadge}</span> : null} <ReopenMark lang={lang} count={row.reopenCount} />{" "}
          <SupervisedMark lang={lang} since={row.supervisedAt} />
        </small>
      </a>
    </li>
  );
}

export interface DashboardProps {
  lang: Lang;
  csrf: string;
  data: Awaited<ReturnType<typeof loadDashboard>>;
  departmentId: string | null;
  admin: boolean;
  /** How the chart of the areas below is sorted, and the page's own address for its sort links. */
  order: AreaOrder;
  pageHref: string;
}

/** `/staff`: my scope's figures, my queue first, then the areas below with a drill-down. */
export function DashboardPage({ lang, csrf, data, departmentId, admin, order, pageHref }: DashboardProps) {
  const t = STAFF_MESSAGES[lang];
  const card = departmentId ? (data.stats.departments.find((d) => d.department.id === departmentId) ?? data.stats) : data.stats;
  const title = departmentId && "department" in card ? card.department.name : data.stats.area.name;
  const figures: [string, string | number, boolean][] = [
    [t.figures.open, card.open, false],
    [t.figures.overdue, card.overdue, card.overdue > 0],
    [t.figures.dueToday, data.dueToday >= DUE_TODAY_CAP ? `${DUE_TODAY_CAP}+` : data.dueToday, false],
    [t.figures.resolvedWeek, card.resolved_this_week, false],
    [t.figures.satisfaction, percent(card.satisfaction_rate), false],
    [t.figures.inGrid, percent(card.share_solved_in_grid), false],
    [t.caseScreen.reopenings, card.reopenings, card.reopenings > 0],
  ];
  return (
    <StaffLayout lang={lang} title={t.nav.dashboard} csrf={csrf} admin={admin}>
      <h1>{title}</h1>
      <div class="figures">
        {figures.map(([label, value, bad]) => (
          <div class={bad ? "figure bad" : "figure"}>
            <b>{value}</b>
            {label}
          </div>
        ))}
      </div>
      <h2>{t.queue}</h2>
      {data.queue.length === 0 ? (
        <p class="muted">{t.queueEmpty}</p>
      ) : (
        <ul class="plain card">
          {data.queue.map((row) => (
            <CaseLine lang={lang} row={row} />
          ))}
        </ul>
      )}
      {departmentId ? null : <AreaCharts lang={lang} stats={data.stats} order={order} pageHref={pageHref} />}
      {departmentId || data.stats.children.length === 0 ? null : (
        <>
          <h2>{t.children}</h2>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>{t.area}</th>
                  <th>{t.figures.open}</th>
                  <th>{t.figures.overdue}</th>
                  <th>{t.resolution}</th>
                  <th>{t.onTime}</th>
                  <th>{t.figures.satisfaction}</th>
                  <th>{t.figures.inGrid}</th>
                  <th>{t.caseScreen.reopenings}</th>
                </tr>
              </thead>
              <tbody>
                {data.stats.children.map((child) => (
                  <tr>
                    <td>
                      <a href={langHref(`/staff?area=${encodeURIComponent(child.area.path)}`, lang)}>{child.area.name}</a>
                    </td>
                    <td>{child.open}</td>
                    <td>{child.overdue}</td>
                    <td>{percent(child.resolution_rate)}</td>
                    <td>{percent(child.on_time_rate)}</td>
                    <td>{percent(child.satisfaction_rate)}</td>
                    <td>{percent(child.share_solved_in_grid)}</td>
                    <td>{child.reopenings}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <StatsExportLinks lang={lang} areaPath={departmentId ? null : data.stats.area.path} />
    </StaffLayout>
  );
}
