import type { NotificationRow } from "../../../schema/notification.ts";
import type { Lang } from "../../messages.ts";
import { STAFF_MESSAGES } from "../messages.ts";
import { notificationAnswer, notificationWho } from "./notification-who.ts";

/** Under an event of the staff trail: who was told of it and how it went ("已短信通知 专职网格员 崔丽"). Never on the resident's trail. */
export function NotificationLines({ lang, rows }: { lang: Lang; rows: NotificationRow[] }) {
  if (rows.length === 0) return null;
  const t = STAFF_MESSAGES[lang].notify.trail;
  return (
    <ul class="notified muted" aria-label={STAFF_MESSAGES[lang].notify.trailTitle}>
      {rows.map((row) => {
        const outcome = row.status === "sent" ? "Sent" : row.status === "failed" || row.status === "dead" ? "Failed" : "Pending";
        const text = t[`${row.channel === "sms" ? "sms" : "group"}${outcome}`].replace("{who}", notificationWho(row, lang));
        return (
          <li data-status={row.status}>
            {text}
            {outcome === "Failed" && row.answer ? <small>（{notificationAnswer(row.answer, lang)}）</small> : null}
          </li>
        );
      })}
    </ul>
  );
}
