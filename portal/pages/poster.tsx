import type { StationPageData } from "../../worker/resident/station-page-data.ts";
import { messagesFor } from "../lang.ts";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";
import { words } from "../messages.ts";

const PRINT_CSS = `
@page{size:A4;margin:14mm}
.poster{text-align:center}
.poster h1{font-size:2.2rem}
.qr{width:120mm;max-width:100%;margin:8mm auto;display:block}
.qr svg{width:100%;height:auto}
.numbers{font-size:1.25rem;text-align:left;max-width:150mm;margin:0 auto}
@media print{header.top,.noprint{display:none}body{background:#fff}}
`;

/** `/s/{code}/poster`: a printable A4 sheet with the QR code large and the key numbers. */
export function PosterPage({ lang, data, qrSvg, url }: { lang: Lang; data: StationPageData; qrSvg: string; url: string }) {
  const t = messagesFor(lang);
  const { station } = data;
  const key = data.circle.filter((c) => ["grid_chief", "grid_worker", "community_police"].includes(c.role));
  return (
    <Layout lang={lang} title={`${station.name} · ${station.code}`} path={`/s/${station.code}/poster`} extraCss={PRINT_CSS}>
      <div class="poster">
        <h1>{station.name}</h1>
        <p class="big code">{station.code}</p>
        <p style="font-size:1.4rem;font-weight:700">{t.posterScan}</p>
        <div class="qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <p class="code muted">{url}</p>
        <div class="numbers card">
          <h2>{t.posterKeyNumbers}</h2>
          <ul class="plain">
            {key.map((c) => (
              <li class="contact">
                <span>
                  {words.role(c.role, lang)} · {c.name}
                </span>
                <strong>{c.phone}</strong>
              </li>
            ))}
            <li class="contact">
              <span>{t.hotline}</span>
              <strong>12345</strong>
            </li>
          </ul>
          <p class="sos">
            <strong>{t.emergencyTitle}</strong> {t.emergencyLines}
          </p>
        </div>
      </div>
    </Layout>
  );
}
