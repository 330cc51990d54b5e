import { STATION_SERVICES, type StationService } from "../../../../schema/constants.ts";
import type { Contact } from "../../../../schema/contact.ts";
import type { Station } from "../../../../schema/station.ts";
import type { AreaTreeRow } from "../../../../worker/directory/areas.ts";
import { langHref } from "../../../lang.ts";
import { words } from "../../../messages.ts";
import { STAFF_MESSAGES } from "../../messages.ts";
import { AreaSelect } from "./area-select.tsx";
import { AdminFrame, Csrf, type Frame, SearchForm } from "./frame.tsx";

export function StationsAdmin({
  lang,
  csrf,
  flash,
  stations,
  query,
  areas,
}: Frame & { stations: Station[]; query: string; areas: AreaTreeRow[] }) {
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
        <AreaSelect lang={lang} id="grid_id" name="grid_id" areas={areas} choosable={["grid"]} required />
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
