import type { Child } from "hono/jsx";
import type { AuditEvent } from "../../../schema/audit.ts";
import { API_SCOPES, CIRCLE_ROLES, STAFF_ROLES, STATION_SERVICES, type StationService } from "../../../schema/constants.ts";
import type { Contact } from "../../../schema/contact.ts";
import type { Department } from "../../../schema/department.ts";
import type { Staff } from "../../../schema/staff.ts";
import type { Station } from "../../../schema/station.ts";
import { formatTime, langHref } from "../../lang.ts";
import { type Lang, words } from "../../messages.ts";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";

interface Frame {
  lang: Lang;
  csrf: string;
  flash?: { kind: "ok" | "alert"; text: string };
}

function AdminFrame({ lang, csrf, flash, title, children }: Frame & { title: string; children?: Child }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <StaffLayout lang={lang} title={title} csrf={csrf}>
      <p class="muted">
        <a href={langHref("/staff/admin", lang)}>{t.admin}</a> › {title}
      </p>
      <h1>{title}</h1>
      {flash ? <p class={flash.kind}>{flash.text}</p> : null}
      {children}
    </StaffLayout>
  );
}

const Csrf = ({ csrf }: { csrf: string }) => <input type="hidden" name="csrf" value={csrf} />;

function SearchForm({ lang, query }: { lang: Lang; query: string }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <form method="get" class="card">
      {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      <label for="q">{t.search}</label>
      <input id="q" name="q" value={query} />
      <button type="submit">{t.search}</button>
    </form>
  );
}

export function AdminHome({ lang, csrf }: Frame) {
  const t = STAFF_MESSAGES[lang].admin;
  const links: [string, string][] = [
    ["stations", t.stations],
    ["staff", t.staff],
    ["departments", t.departments],
    ["api-keys", t.apiKeys],
    ["audit", t.audit],
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

export function StationsAdmin({ lang, csrf, flash, stations, query }: Frame & { stations: Station[]; query: string }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={t.stations}>
      <SearchForm lang={lang} query={query} />
      <ul class="plain card">
        {stations.map((s) => (
          <li class="contact">
            <a class="who" href={langHref(`/staff/admin/stations/${s.code}`, lang)}>
              {s.name}{" "}
              <small class="code">
                {s.code} · {s.gridId}
                {s.active ? "" : ` · ${t.inactive}`}
              </small>
            </a>
          </li>
        ))}
      </ul>
      <h2>{t.create}</h2>
      <form method="post" action={langHref("/staff/admin/stations", lang)} class="card">
        <Csrf csrf={csrf} />
        <label for="code">{t.code}</label>
        <input id="code" name="code" required pattern="[A-Z]{2,4}[0-9]{4}[A-Z]" />
        <label for="grid_id">{t.grid}</label>
        <input id="grid_id" name="grid_id" required />
        <label for="name">{t.name}</label>
        <input id="name" name="name" required />
        <label for="address">{t.address}</label>
        <input id="address" name="address" required />
        <button type="submit">{t.create}</button>
      </form>
    </AdminFrame>
  );
}

/** What the visitor typed into the station form, kept when their save was refused. */
export interface StationDraft {
  name: string;
  address: string;
  services: StationService[];
  active: boolean;
}

export function StationAdmin({
  lang,
  csrf,
  flash,
  station,
  contacts,
  draft,
}: Frame & { station: Station; contacts: Contact[]; draft?: StationDraft }) {
  const t = STAFF_MESSAGES[lang].admin;
  const shown = draft ?? station;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={`${station.name} · ${station.code}`}>
      {draft ? (
        <p class="alert" role="alert">
          {t.stale} {station.name} · {station.address} · {station.services.map((s) => words.service(s, lang)).join("、")} ·{" "}
          {station.active ? t.active : t.inactive}
        </p>
      ) : null}
      <form method="post" action={langHref(`/staff/admin/stations/${station.code}`, lang)} class="card">
        <Csrf csrf={csrf} />
        <input type="hidden" name="revision" value={String(station.revision)} />
        <label for="name">{t.name}</label>
        <input id="name" name="name" value={shown.name} required />
        <label for="address">{t.address}</label>
        <input id="address" name="address" value={shown.address} required />
        <fieldset style="border:0;padding:0">
          <legend>{t.services}</legend>
          {STATION_SERVICES.map((s) => (
            <label class="radio">
              <input type="checkbox" name="services" value={s} checked={shown.services.includes(s)} /> <span>{words.service(s, lang)}</span>
            </label>
          ))}
        </fieldset>
        <label class="radio">
          <input type="checkbox" name="active" value="true" checked={shown.active} /> <span>{t.active}</span>
        </label>
        <button type="submit">{t.save}</button>
      </form>
      <p>
        <a href={`/staff/admin/contacts?area=${station.gridId}${lang === "en" ? "&lang=en" : ""}`}>
          {t.contacts} ({station.gridId})
        </a>{" "}
        · <a href={`/s/${station.code}/poster`}>{t.posters}</a>
      </p>
      <p class="muted">{contacts.length}</p>
    </AdminFrame>
  );
}

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

export function ApiKeysAdmin({
  lang,
  csrf,
  flash,
  keys,
  newKey,
}: Frame & {
  keys: { id: string; name: string; scopes: string[]; areaPath: string | null; revokedAt: Date | null; createdAt: Date }[];
  newKey?: string;
}) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} flash={flash} title={t.apiKeys}>
      {newKey ? (
        <div class="ok">
          <p>{t.keyOnce}</p>
          <p class="code" style="overflow-wrap:anywhere">
            {newKey}
          </p>
        </div>
      ) : null}
      <ul class="plain card">
        {keys.map((k) => (
          <li class="contact">
            <span class="who">
              {k.name}{" "}
              <small class="code">
                {k.id} · {k.scopes.join(", ")} · {k.areaPath ?? "/"} · {formatTime(k.createdAt, lang)}
                {k.revokedAt ? ` · ${t.revoked}` : ""}
              </small>
            </span>
            {k.revokedAt ? null : (
              <form method="post" action={langHref(`/staff/admin/api-keys/${k.id}/revoke`, lang)} class="inline">
                <Csrf csrf={csrf} />
                <button type="submit" style="width:auto;padding:0 12px">
                  {t.revoke}
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      <h2>{t.create}</h2>
      <form method="post" action={langHref("/staff/admin/api-keys", lang)} class="card">
        <Csrf csrf={csrf} />
        <label for="name">{t.name}</label>
        <input id="name" name="name" required />
        <fieldset style="border:0;padding:0">
          <legend>{t.scopes}</legend>
          {API_SCOPES.map((s) => (
            <label class="radio">
              <input type="checkbox" name="scopes" value={s} /> <span class="code">{s}</span>
            </label>
          ))}
        </fieldset>
        <label for="area">{t.area}</label>
        <input id="area" name="area" />
        <button type="submit">{t.create}</button>
      </form>
    </AdminFrame>
  );
}

export function AuditAdmin({ lang, csrf, events }: Frame & { events: AuditEvent[] }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <AdminFrame lang={lang} csrf={csrf} title={t.audit}>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>{t.when}</th>
              <th>{t.who}</th>
              <th>{t.what}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr>
                <td>{formatTime(e.createdAt, lang)}</td>
                <td>{e.actorName}</td>
                <td>
                  <span class="code">{e.action}</span> {e.entityId} <small class="muted">{JSON.stringify(e.details)}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </AdminFrame>
  );
}
