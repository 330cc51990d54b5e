import { messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";

const PRINT_CSS = `
@page{size:A4;margin:12mm}
.sheet{page-break-after:always;break-after:page;text-align:center;padding:8mm 0}
.sheet svg{width:110mm;height:auto}
@media print{header.top{display:none}body{background:#fff}}
`;

export interface PosterSheet {
  name: string;
  code: string;
  url: string;
  qrSvg: string;
}

/** `/staff/posters`: every station poster of an area, one per printed page. */
export function PosterSheets({ lang, title, sheets }: { lang: Lang; title: string; sheets: PosterSheet[] }) {
  const t = messagesFor(lang);
  return (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      </head>
      <body>
        {sheets.map((s) => (
          <section class="sheet">
            <h1>{s.name}</h1>
            <p style="font-size:1.6rem;letter-spacing:.1em">{s.code}</p>
            <p>{t.posterScan}</p>
            <div dangerouslySetInnerHTML={{ __html: s.qrSvg }} />
            <p>{s.url}</p>
            <p>
              {t.emergencyLines} · {t.hotline}
            </p>
          </section>
        ))}
      </body>
    </html>
  );
}
