import type { Department } from "../../../../schema/department.ts";
import { langHref } from "../../../lang.ts";
import { STAFF_MESSAGES } from "../../messages.ts";
import { AdminFrame, Csrf, type Frame } from "./frame.tsx";

export function DepartmentsAdmin({ lang, csrf, flash, departments }: Frame & { departments: Department[] }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={t.departments}>
      {departments.map((d) => (
        <form method="post" action={langHref(`/staff/admin/departments/${d.id}`, lang)} class="card">
          <Csrf csrf={csrf} />
          <p class="code">{d.id}</p>
          <label for={`name-${d.id}`}>{t.name}</label>
          <input id={`name-${d.id}`} name="name" value={d.name} required />
          <label for={`phone-${d.id}`}>{t.phone}</label>
          <input id={`phone-${d.id}`} name="phone" value={d.phone ?? ""} />
          <label class="radio">
            <input type="checkbox" name="active" value="true" checked={d.active} /> <span>{t.active}</span>
          </label>
          <button type="submit">{t.save}</button>
        </form>
      ))}
      <h2>{t.create}</h2>
      <form method="post" action={langHref("/staff/admin/departments", lang)} class="card">
        <Csrf csrf={csrf} />
        <label for="id">{t.code}</label>
        <input id="id" name="id" required pattern="[a-z_]{2,60}" />
        <label for="name">{t.name}</label>
        <input id="name" name="name" required />
        <label for="phone">{t.phone}</label>
        <input id="phone" name="phone" />
        <button type="submit">{t.create}</button>
      </form>
    </AdminFrame>
  );
}
