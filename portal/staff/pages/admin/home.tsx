import { langHref } from "../../../lang.ts";
import { STAFF_MESSAGES } from "../../messages.ts";
import { AdminFrame, type Frame } from "./frame.tsx";

export function AdminHome({ lang, csrf }: Frame) {
  const t = STAFF_MESSAGES[lang].admin;
  const links: [string, string][] = [
    ["stations", t.stations],
    ["staff", t.staff],
    ["departments", t.departments],
    ["api-keys", t.apiKeys],
    ["audit", t.audit],
    ["notifications", t.notifications],
  ];
  return (
    <AdminFrame lang={lang} csrf={csrf} title={t.admin}>
      <ul class="plain card">
        {links.map(([path, label]) => (
          <li class="contact">
            <a href={langHref(`/staff/admin/${path}`, lang)}>{label}</a>
          </li>
        ))}
      </ul>
    </AdminFrame>
  );
}
