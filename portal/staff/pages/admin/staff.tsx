import { STAFF_ROLES, type StaffRole } from "../../../../schema/constants.ts";
import type { Department } from "../../../../schema/department.ts";
import { STAFF_ROLE_WORDS } from "../../../../schema/directory-words.ts";
import type { Staff } from "../../../../schema/staff.ts";
import type { AreaTreeRow } from "../../../../worker/directory/areas.ts";
import type { StaffPage } from "../../../../worker/staff/admin/staff.ts";
import { langHref } from "../../../lang.ts";
import type { Lang } from "../../../messages.ts";
import { STAFF_MESSAGES } from "../../messages.ts";
import { AreaSelect } from "./area-select.tsx";
import { AdminFrame, Csrf, type Frame } from "./frame.tsx";

/** Choices the staff forms offer: areas and departments by name. */
export interface StaffChoices {
  areas: AreaTreeRow[];
  departments: Pick<Department, "id" | "name">[];
}

function RoleSelect({ lang, selected }: { lang: Lang; selected?: StaffRole }) {
  return (
    <select id="role" name="role">
      {STAFF_ROLES.map((r) => (
        <option value={r} selected={selected === r}>
          {STAFF_ROLE_WORDS[r][lang]}
        </option>
      ))}
    </select>
  );
}

/** `/staff/admin/staff?q=&page=`, the search kept in the links. */
function pageHref(lang: Lang, query: string, page: number) {
  const params = new URLSearchParams({ ...(query ? { q: query } : {}), ...(page > 1 ? { page: String(page) } : {}) });
  const search = params.toString();
  return langHref(`/staff/admin/staff${search ? `?${search}` : ""}`, lang);
}

function Pager({ lang, query, found }: { lang: Lang; query: string; found: StaffPage }) {
  const t = STAFF_MESSAGES[lang].admin;
  const pages = Math.max(1, Math.ceil(found.total / found.pageSize));
  return (
    <nav class="pager" aria-label={t.pages}>
      <span>
        {t.found.replace("{n}", String(found.total))} · {t.pageOf.replace("{page}", String(found.page)).replace("{pages}", String(pages))}
      </span>{" "}
      {found.page > 1 ? (
        <a href={pageHref(lang, query, found.page - 1)} rel="prev">
          {t.previous}
        </a>
      ) : null}{" "}
      {found.page < pages ? (
        <a href={pageHref(lang, query, found.page + 1)} rel="next">
          {t.next}
        </a>
      ) : null}
    </nav>
  );
}

export function StaffAdmin({
  lang,
  csrf,
  flash,
  found,
  query,
  choices,
}: Frame & { found: StaffPage; query: string; choices: StaffChoices }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={t.staff}>
      <form method="get" class="card">
        {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <label for="q">{t.searchStaff}</label>
        <input id="q" name="q" type="search" value={query} maxlength={40} />
        <button type="submit">{t.search}</button>
      </form>
      <Pager lang={lang} query={query} found={found} />
      <ul class="plain card">
        {found.people.map((p) => (
          <li class="contact">
            <a class="who" href={langHref(`/staff/admin/staff/${p.id}`, lang)}>
              {p.name}{" "}
              <small>
                {STAFF_ROLE_WORDS[p.role][lang]} · {p.areaName ?? p.departmentName} · {p.phone}
                {p.active ? "" : ` · ${t.inactive}`}
              </small>
            </a>
          </li>
        ))}
      </ul>
      {found.total > found.pageSize ? <Pager lang={lang} query={query} found={found} /> : null}
      <h2>{t.create}</h2>
      <form method="post" action={langHref("/staff/admin/staff", lang)} class="card">
        <Csrf csrf={csrf} />
        <label for="name">{t.name}</label>
        <input id="name" name="name" required />
        <label for="phone">{t.phone}</label>
        <input id="phone" name="phone" required />
        <label for="role">{t.role}</label>
        <RoleSelect lang={lang} />
        <label for="area">{t.area}</label>
        <AreaSelect lang={lang} id="area" areas={choices.areas} />
        <label for="department">{t.department}</label>
        <select id="department" name="department">
          <option value="">{t.noDepartment}</option>
          {choices.departments.map((d) => (
            <option value={d.id}>{d.name}</option>
          ))}
        </select>
        <label for="password">{t.password}</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required />
        <button type="submit">{t.create}</button>
      </form>
    </AdminFrame>
  );
}

export function StaffMemberAdmin({ lang, csrf, flash, member, choices }: Frame & { member: Staff; choices: StaffChoices }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={`${member.name} · ${member.phone}`}>
      <form method="post" action={langHref(`/staff/admin/staff/${member.id}`, lang)} class="card">
        <Csrf csrf={csrf} />
        <label for="role">{t.role}</label>
        <RoleSelect lang={lang} selected={member.role} />
        <label for="area">{t.area}</label>
        <AreaSelect lang={lang} id="area" areas={choices.areas} selected={member.areaId} />
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
