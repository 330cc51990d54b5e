import { CIRCLE_ROLES } from "../../../../schema/constants.ts";
import type { Contact } from "../../../../schema/contact.ts";
import { langHref } from "../../../lang.ts";
import { words } from "../../../messages.ts";
import { STAFF_MESSAGES } from "../../messages.ts";
import { AdminFrame, Csrf, type Frame } from "./frame.tsx";

export function ContactsAdmin({
  lang,
  csrf,
  flash,
  areaId,
  contacts,
  stale,
}: Frame & { areaId: string; contacts: Contact[]; stale?: boolean }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={stale ? { kind: "alert", text: t.staleContact } : flash} title={`${t.contacts} · ${areaId}`}>
      <ul class="plain card">
        {contacts.map((c) => (
          <li class="contact">
            <span class="who">
              {words.role(c.role, lang)} · {c.name} · {c.phone}
              <small>
                {c.organization}
                {c.active ? "" : ` · ${t.inactive}`}
              </small>
            </span>
            {c.active ? (
              <form method="post" action={langHref(`/staff/admin/contacts/${c.id}/deactivate`, lang)} class="inline">
                <Csrf csrf={csrf} />
                <input type="hidden" name="revision" value={String(c.revision)} />
                <button type="submit" style="width:auto;padding:0 12px">
                  {t.deactivate}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t.create}</h2>
      <form method="post" action={langHref("/staff/admin/contacts", lang)} class="card">
        <Csrf csrf={csrf} />
        <input type="hidden" name="area_id" value={areaId} />
        <label for="role">{t.role}</label>
        <select id="role" name="role">
          {CIRCLE_ROLES.map((r) => (
            <option value={r}>{words.role(r, lang)}</option>
          ))}
        </select>
        <label for="name">{t.name}</label>
        <input id="name" name="name" required />
        <label for="organization">{t.organization}</label>
        <input id="organization" name="organization" />
        <label for="phone">{t.phone}</label>
        <input id="phone" name="phone" required />
        <button type="submit">{t.create}</button>
      </form>
    </AdminFrame>
  );
}
