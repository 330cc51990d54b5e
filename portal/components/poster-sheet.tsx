import type { CircleRole } from "../../schema/constants.ts";
import { messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";
import { words } from "../messages.ts";

/** What one printed poster shows: the station, its QR code and the numbers of its key contacts. */
export interface PosterContent {
  name: string;
  code: string;
  /** The address the QR code encodes, printed under it for those who type it. */
  url: string;
  qrSvg: string;
  /** The contacts of the station's circle in `POSTER_ROLES`, in the circle's order. */
  contacts: readonly { role: CircleRole; name: string; phone: string }[];
}

const PAGE_HEIGHT_MM = 297;
const PAGE_MARGIN_MM = 10;

/**
 * One A4 page per poster in Chromium's print. The sheet is exactly the page's printable height, a
 * column in which only the QR code gives way, from 120 mm down to 103 mm: with its quiet zone of
 * two modules, its modules then still span 90 mm (it is scanned from a metre away; a station's
 * address makes at least a version 3 code). From four key contacts on, the numbers go three to a
 * row, so a name on two lines and eight key contacts still leave the emergency box on the page.
 * On screen the same sheet flows at the window's width. The site's header, language switch and
 * filing numbers are not printed.
 */
export const POSTER_CSS = `
@page{size:A4;margin:${PAGE_MARGIN_MM}mm}
.poster-sheet{display:flex;flex-direction:column;align-items:center;gap:1.5mm;text-align:center;padding:4mm 0}
.poster-sheet h1{font-size:9mm;line-height:1.25;margin:0}
.poster-code{font:800 13mm/1.1 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.12em;margin:0}
.poster-scan{font-size:7mm;font-weight:700;margin:0}
.poster-qr{width:min(110mm,100%);aspect-ratio:1}
.poster-qr svg{display:block;width:100%;height:100%}
.poster-url{font:4mm/1.2 ui-monospace,Menlo,Consolas,monospace;color:#333;margin:0;overflow-wrap:anywhere}
.poster-numbers{width:100%;border:.6mm solid #0b6e4f;border-radius:3mm;padding:3mm 5mm}
.poster-numbers h2{font-size:6mm;margin:0 0 2mm}
.poster-numbers ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:1fr 1fr;gap:2mm 6mm;text-align:left}
.poster-numbers ul:has(>li:nth-child(5)){grid-template-columns:1fr 1fr 1fr;gap:2mm 4mm}
.poster-numbers li{border-top:.3mm solid #ccc;padding-top:1.5mm;min-width:0}
.poster-who{display:block;font-size:4.5mm;overflow-wrap:anywhere}
.poster-tel{display:block;font:700 7mm/1.2 ui-monospace,Menlo,Consolas,monospace}
.poster-sos{width:100%;background:#fff3cd;border:.8mm solid #b71c1c;border-radius:3mm;padding:3mm 5mm;line-height:1.35;print-color-adjust:exact;-webkit-print-color-adjust:exact}
.poster-sos strong{display:block;font-size:6mm;color:#8b0000}
.poster-sos span{display:block;font-size:8mm;font-weight:800}
@media print{
header.top,footer.filings{display:none}
body{background:#fff}
main{max-width:none;margin:0;padding:0}
.poster-sheet{height:${PAGE_HEIGHT_MM - 2 * PAGE_MARGIN_MM}mm;break-inside:avoid;padding:0;justify-content:space-between}
.poster-sheet+.poster-sheet{break-before:page}
.poster-qr{width:auto;height:120mm;min-height:103mm;flex:0 1 auto}
}
`;

/** One station's poster; the single poster page and the batch of an area both print this. */
export function PosterSheet({ lang, poster }: { lang: Lang; poster: PosterContent }) {
  const t = messagesFor(lang);
  return (
    <section class="poster-sheet">
      <h1>{poster.name}</h1>
      <p class="poster-code">{poster.code}</p>
      <p class="poster-scan">{t.posterScan}</p>
      <div class="poster-qr" dangerouslySetInnerHTML={{ __html: poster.qrSvg }} />
      <p class="poster-url">{poster.url}</p>
      <div class="poster-numbers">
        <h2>{t.posterKeyNumbers}</h2>
        <ul>
          {poster.contacts.map((c) => (
            <li>
              <span class="poster-who">
                {words.role(c.role, lang)} · {c.name}
              </span>
              <span class="poster-tel">{c.phone}</span>
            </li>
          ))}
          <li>
            <span class="poster-who">{t.posterHotline}</span>
            <span class="poster-tel">12345</span>
          </li>
        </ul>
      </div>
      <p class="poster-sos">
        <strong>{t.emergencyTitle}</strong>
        <span>{t.emergencyLines}</span>
      </p>
    </section>
  );
}
