import { CATEGORIES, DESCRIPTION_MAX } from "../../../schema/constants.ts";
import { langHref, messagesFor } from "../../lang.ts";
import type { Lang } from "../../messages.ts";
import { words } from "../../messages.ts";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";

export interface QuickReportProps {
  lang: Lang;
  csrf: string;
  stations: { code: string; name: string }[];
  microGrids: { id: string; name: string }[];
  values?: Record<string, string>;
  errors?: Record<string, string>;
}

/** `/staff/report`: an assistant files a case for a resident; their station and building preselected. */
export function QuickReportPage({ lang, csrf, stations, microGrids, values = {}, errors = {} }: QuickReportProps) {
  const t = STAFF_MESSAGES[lang];
  const portal = messagesFor(lang);
  const err = (field: string) => (errors[field] ? <p class="err">{errors[field]}</p> : null);
  return (
    <StaffLayout lang={lang} title={t.quickReport} csrf={csrf}>
      <h1>{t.quickReport}</h1>
      {Object.keys(errors).length > 0 ? <p class="alert">{portal.formErrors}</p> : null}
      <form method="post" action={langHref("/staff/report", lang)} class="card">
        <input type="hidden" name="csrf" value={csrf} />
        <label for="category">{portal.category}</label>
        <select id="category" name="category" required>
          {CATEGORIES.map((code) => (
            <option value={code} selected={values.category === code}>
              {words.category(code, lang)}
            </option>
          ))}
        </select>
        {err("category")}
        <label for="description">{portal.description}</label>
        <textarea id="description" name="description" required maxlength={DESCRIPTION_MAX}>
          {values.description ?? ""}
        </textarea>
        {err("description")}
        <label for="station_code">{t.station}</label>
        <select id="station_code" name="station_code">
          {stations.map((s) => (
            <option value={s.code} selected={values.station_code === s.code}>
              {s.name} ({s.code})
            </option>
          ))}
        </select>
        {err("station_code")}
        {microGrids.length > 0 ? (
          <>
            <label for="micro_grid_id">{t.microGrid}</label>
            <select id="micro_grid_id" name="micro_grid_id">
              <option value="">{portal.anyBuilding}</option>
              {microGrids.map((m) => (
                <option value={m.id} selected={(values.micro_grid_id ?? microGrids[0]?.id) === m.id}>
                  {m.name}
                </option>
              ))}
            </select>
            {err("micro_grid_id")}
          </>
        ) : null}
        <label for="name">{t.residentName}</label>
        <input id="name" name="name" maxlength={40} value={values.name ?? ""} />
        <label for="phone">{t.residentPhone}</label>
        <input id="phone" name="phone" type="tel" maxlength={13} value={values.phone ?? ""} />
        {err("phone")}
        <button type="submit">{portal.submit}</button>
      </form>
    </StaffLayout>
  );
}
