import { useContext } from "hono/jsx";
import type { StationPageData } from "../../worker/resident/station-page-data.ts";
import { Circle } from "../components/circle.tsx";
import { EmergencyBanner } from "../components/emergency.tsx";
import { Hours } from "../components/opening-hours.tsx";
import { ReportForm, type ReportFormProps } from "../components/report-form.tsx";
import { langHref, messagesFor } from "../lang.ts";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";
import { words } from "../messages.ts";
import { ViewContext } from "../site.ts";

export interface StationPageProps {
  lang: Lang;
  data: StationPageData;
  form: Omit<ReportFormProps, "lang" | "microGrids" | "action">;
}

function StationCard({ lang, data }: { lang: Lang; data: StationPageData }) {
  const t = messagesFor(lang);
  const { station } = data;
  const map =
    station.lat !== null && station.lng !== null
      ? `https://uri.amap.com/marker?position=${station.lng.toFixed(6)},${station.lat.toFixed(6)}&name=${encodeURIComponent(station.name)}`
      : null;
  return (
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
  );
}

/**
 * `/s/{code}`: the page behind every QR code. A button near the top jumps to the report form; in
 * the large-text mode the order is the simpler one MIIT's guidance asks for: emergency numbers,
 * the report form, the circle, then the station's details.
 */
export function StationPage({ lang, data, form }: StationPageProps) {
  const t = messagesFor(lang);
  const { largeText } = useContext(ViewContext);
  const { station } = data;
  const community = data.areas.find((a) => a.level === "community");
  const street = data.areas.find((a) => a.level === "street");
  const report = <ReportForm lang={lang} action={langHref(`/s/${station.code}/report`, lang)} microGrids={data.microGrids} {...form} />;
  return (
    <Layout
      lang={lang}
      title={`${station.name} · ${station.code}`}
      path={`/s/${station.code}`}
      description={t.descriptions.station.replace("{name}", station.name).replace("{code}", station.code)}
    >
      <h1>{station.name}</h1>
      <p class="sub">
        <span class="code">{station.code}</span> · {community?.name} · {street?.name}
      </p>
      <EmergencyBanner lang={lang} />
      {largeText ? (
        <>
          {report}
          <Circle lang={lang} contacts={data.circle} />
          <StationCard lang={lang} data={data} />
        </>
      ) : (
        <>
          <a class="jump" href="#report">
            {t.reportJump}
          </a>
          <StationCard lang={lang} data={data} />
          <Circle lang={lang} contacts={data.circle} />
          {report}
        </>
      )}
      <p>
        <a href={langHref("/", lang)}>{t.findStation}</a>
      </p>
    </Layout>
  );
}
