import { STAFF_ROLES } from "../../../../schema/constants.ts";
import type { Staff } from "../../../../schema/staff.ts";
import { langHref } from "../../../lang.ts";
import { STAFF_MESSAGES } from "../../messages.ts";
import { AdminFrame, Csrf, type Frame, SearchForm } from "./frame.tsx";

export function StaffAdmin({ lang, csrf, flash, people, query }: Frame & { people: Staff[]; query: string }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={t.staff}>
      <SearchForm lang={lang} query={query} />
      <ul class="plain card">
        {people.map((p) => (
          <li class="contact">
            <a class="who" href={langHref(`/staff/admin/staff/${p.id}`, lang)}>
              {p.name}{" "}
              <small>
                {p.role} · {p.areaId ?? p.departmentId} · {p.phone}
                {p.active ? "" : ` · ${t.inactive}`}
              </small>
            </a>
          </li>
        ))}
      </ul>
      <h2>{t.create}</h2>
      <form method="post" action={langHref("/staff/admin/staff", lang)} class="card">
        <Csrf csrf={csrf} />
        <label for="name">{t.name}</label>
        <input id="name" name="name" required />
        <label for="phone">{t.phone}</label>
        <input id="phone" name="phone" required />
        <label for="role">{t.role}</label>
        <select id="role" name="role">
          {STAFF_ROLES.map((r) => (
            <option value={r}>{r}</option>
          ))}
        </select>
        <label for="area">{t.area}</label>
        <input id="area" name="area" />
        <label for="department">{t.department}</label>
        <input id="department" name="department" />
        <label for="password">{t.password}</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required />
        <button type="submit">{t.create}</button>
      </form>
    </AdminFrame>
  );
}

export function StaffMemberAdmin({ lang, csrf, flash, member }: Frame & { member: Staff }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={`${member.name} · ${member.phone}`}>
      <form method="post" action={langHref(`/staff/admin/staff/${member.id}`, lang)} class="card">
        <Csrf csrf={csrf} />
        <label for="role">{t.role}</label>
        <select id="role" name="role">
          {STAFF_ROLES.map((r) => (
            <option value={r} selected={member.role === r}>
              {r}
            </option>
          ))}
        </select>
        <label for="area">{t.area}</label>
        <input id="area" name="area" value={member.areaPath ?? ""} />
        <label for="password">{t.password}</label>
        <input id="password" name="password" type="password" autocomplete="new-password" />
        <label class="radio">
          <input type="checkbox" name="active" value="true" checked={member.active} /> <span>{t.active}</span>
        </label>
        <button type="submit">{t.save}</button>
      </form>
    </AdminFrame>
  );
}
