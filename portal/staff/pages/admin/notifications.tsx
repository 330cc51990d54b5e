import type { NotificationRow } from "../../../../schema/notification.ts";
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES } from "../../../../schema/notification.ts";
import type { AreaTreeRow } from "../../../../worker/directory/areas.ts";
import type { DayCount } from "../../../../worker/notify/delivery-log.ts";
import { formatTime, langHref } from "../../../lang.ts";
import { maskedNumber, notificationAnswer, notificationWho } from "../../components/notification-who.ts";
import { STAFF_MESSAGES } from "../../messages.ts";
import { AreaSelect } from "./area-select.tsx";
import { AdminFrame, Csrf, type Frame } from "./frame.tsx";

export interface NotificationsAdminProps extends Frame {
  rows: NotificationRow[];
  nextCursor: string | null;
  filter: { status?: string | undefined; channel?: string | undefined };
  counts: DayCount[];
  groups: { areaId: string; name: string; updatedAt: Date }[];
  areas: AreaTreeRow[];
}

/** `/staff/admin/notifications`: the delivery log, the counts per channel and day, and the areas' group robots. */
export function NotificationsAdmin(props: NotificationsAdminProps) {
  const { lang, csrf, flash, rows, nextCursor, filter, counts, groups, areas } = props;
  const t = STAFF_MESSAGES[lang].notify;
  const older = nextCursor
    ? langHref(
        `/staff/admin/notifications?${new URLSearchParams({ ...(filter.status ? { status: filter.status } : {}), ...(filter.channel ? { channel: filter.channel } : {}), cursor: nextCursor })}`,
        lang,
      )
    : null;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={t.title}>
      <p class="muted">{t.intro}</p>
      <form method="get" class="card" id="filter">
        {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <label for="status">{t.status}</label>
        <select id="status" name="status">
          <option value="">{t.any}</option>
          {NOTIFICATION_STATUSES.map((s) => (
            <option value={s} selected={filter.status === s}>
              {t.statuses[s]}
            </option>
          ))}
        </select>
        <label for="channel">{t.channel}</label>
        <select id="channel" name="channel">
          <option value="">{t.any}</option>
          {NOTIFICATION_CHANNELS.map((c) => (
            <option value={c} selected={filter.channel === c}>
              {t.channels[c]}
            </option>
          ))}
        </select>
        <button type="submit">{t.filter}</button>
      </form>
      {rows.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div class="scroll">
          <table id="log">
            <thead>
              <tr>
                <th>{t.when}</th>
                <th>{t.status}</th>
                <th>{t.channel}</th>
                <th>{t.recipient}</th>
                <th>{t.kind}</th>
                <th>{t.case}</th>
                <th>{t.attempts}</th>
                <th>{t.answer}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr data-status={r.status}>
                  <td>{formatTime(r.createdAt, lang)}</td>
                  <td>
                    {t.statuses[r.status]}
                    {r.status === "held" && r.notBefore ? <small class="muted"> {formatTime(r.notBefore, lang)}</small> : null}
                  </td>
                  <td>{t.channels[r.channel]}</td>
                  <td>
                    {notificationWho(r, lang)} <small class="muted">{maskedNumber(r.recipient)}</small>
                  </td>
                  <td>{t.kinds[r.kind]}</td>
                  <td>
                    <a href={langHref(`/staff/cases/${r.caseId}`, lang)}>{r.caseId}</a>
                  </td>
                  <td>{r.attempts}</td>
                  <td>
                    <small>{notificationAnswer(r.answer, lang)}</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {older ? (
        <p>
          <a href={older} rel="next">
            {t.older}
          </a>
        </p>
      ) : null}
      <h2>{t.countsTitle}</h2>
      <div class="scroll">
        <table id="counts">
          <thead>
            <tr>
              <th>{t.day}</th>
              <th>{t.channel}</th>
              <th>{t.sentCount}</th>
              <th>{t.failedCount}</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((c) => (
              <tr>
                <td>{c.day}</td>
                <td>{t.channels[c.channel]}</td>
                <td>{c.sent}</td>
                <td>{c.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t.groupsTitle}</h2>
      <p class="muted">{t.groupsIntro}</p>
      {groups.length === 0 ? (
        <p>{t.noGroups}</p>
      ) : (
        <ul class="plain card" id="groups">
          {groups.map((g) => (
            <li>
              {g.name} <small class="muted">{formatTime(g.updatedAt, lang)}</small>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={langHref("/staff/admin/notifications/groups", lang)} class="card">
        <Csrf csrf={csrf} />
        <label for="group-area">{STAFF_MESSAGES[lang].admin.area}</label>
        <AreaSelect lang={lang} id="group-area" areas={areas} choosable={["district", "street", "community", "grid"]} required />
        <label for="group-url">{t.groupUrl}</label>
        <input id="group-url" name="url" type="url" maxlength={500} placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" />
        <button type="submit">{STAFF_MESSAGES[lang].admin.save}</button>
      </form>
    </AdminFrame>
  );
}
