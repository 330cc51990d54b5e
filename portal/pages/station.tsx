import type { StationPageData } from "../../worker/resident/station-page-data.ts";
import { Circle } from "../components/circle.tsx";
import { EmergencyBanner } from "../components/emergency.tsx";
import { Hours } from "../components/opening-hours.tsx";
import { ReportForm, type ReportFormProps } from "../components/report-form.tsx";
import { langHref, messagesFor } from "../lang.ts";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";
import { words } from "../messages.ts";

export interface StationPageProps {
  lang: Lang;
  data: StationPageData;
  form: Omit<ReportFormProps, "lang" | "microGrids" | "action">;
}

/** `/s/{code}`: the page behind every QR code. */
export function StationPage({ lang, data, form }: StationPageProps) {
  const t = messagesFor(lang);
  const { station } = data;
  const community = data.areas.find((a) => a.level === "community");
  const street = data.areas.find((a) => a.level === "street");
  const map =
    station.lat !== null && station.lng !== null
      ? `https://uri.amap.com/marker?position=${station.lng.toFixed(6)},${station.lat.toFixed(6)}&name=${encodeURIComponent(station.name)}`
      : null;
  return (
    <Layout lang={lang} title={`${station.name} · ${station.code}`} path={`/s/${station.code}`}>
      <h1>{station.name}</h1>
      <p class="sub">
        <span class="code">{station.code}</span> · {community?.name} · {street?.name}
      </p>
      <EmergencyBanner lang={lang} />
      <div class="card">
        <p>
          <strong>{t.address}</strong>: {station.address}
          {map ? (
            <>
              {" "}
              · <a href={map}>{t.map}</a>
            </>
          ) : null}
        </p>
        <p>
          <strong>{t.hours}</strong>: <Hours lang={lang} hours={station.openingHours} />
        </p>
        {station.services.length > 0 ? (
          <>
            <strong>{t.services}</strong>
            <ul class="tags">
              {station.services.map((s) => (
                <li>{words.service(s, lang)}</li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
      <Circle lang={lang} contacts={data.circle} />
      <ReportForm lang={lang} action={langHref(`/s/${station.code}/report`, lang)} microGrids={data.microGrids} {...form} />
      <p>
        <a href={langHref("/", lang)}>{t.findStation}</a>
      </p>
    </Layout>
  );
}
