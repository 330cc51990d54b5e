import type { CaseLineRow } from "../../../worker/staff/dashboard.ts";
import { formatTime } from "../../lang.ts";
import type { Lang } from "../../messages.ts";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";
import { CaseLine } from "./dashboard.tsx";

export interface SupervisedProps {
  lang: Lang;
  csrf: string;
  admin: boolean;
  items: (CaseLineRow & { supervisionReason: string | null })[];
}

/** `/staff/supervised`: the 督办 list, every case under supervision in the member's scope, latest first. */
export function SupervisedPage({ lang, csrf, admin, items }: SupervisedProps) {
  const t = STAFF_MESSAGES[lang].supervision;
  return (
    <StaffLayout lang={lang} title={t.title} csrf={csrf} admin={admin}>
      <h1>{t.title}</h1>
      <p class="muted">{t.intro}</p>
      {items.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ul class="plain card supervised">
          {items.map((row) => (
            <>
              <CaseLine lang={lang} row={row} />
              <li class="muted">
                {t.since} {row.supervisedAt ? formatTime(row.supervisedAt, lang) : ""} · {t.reason}: {row.supervisionReason}
              </li>
            </>
          ))}
        </ul>
      )}
    </StaffLayout>
  );
}
