import { type Context, Hono } from "hono";
import { renderSVG } from "uqr";
import type { PosterContent } from "../../portal/components/poster-sheet.tsx";
import type { ReportFormProps } from "../../portal/components/report-form.tsx";
import { messagesFor } from "../../portal/lang.ts";
import { PosterPage } from "../../portal/pages/poster.tsx";
import { StationPage } from "../../portal/pages/station.tsx";
import { STATION_CODE_PATTERN } from "../../schema/constants.ts";
import { posterContacts } from "../circle.ts";
import type { AppEnv } from "../env.ts";
import { pageNotFound } from "../pages/errors.tsx";
import { printLang } from "../pages/lang.ts";
import { renderPage } from "../pages/render.ts";
import { issueFormToken } from "./form-token.ts";
import { readyStationPage } from "./ready-pages.tsx";
import { loadStationPage, type StationPageData } from "./station-page-data.ts";

/** The absolute URL a station's QR code encodes. */
export function stationUrl(c: Context<AppEnv>, code: string): string {
  const base = c.get("services").config.publicBaseUrl ?? new URL(c.req.url).origin;
  return `${base.replace(/\/$/, "")}/s/${code}`;
}

function qrSvg(url: string): string {
  // Quartile error correction: a quarter of the code can be dirty or torn and it still scans.
  return renderSVG(url, { ecc: "Q", border: 2 });
}

/** What a station's printed poster shows, the single one and those of a batch alike. */
export function posterContent(
  c: Context<AppEnv>,
  station: { name: string; code: string },
  contacts: PosterContent["contacts"],
): PosterContent {
  const url = stationUrl(c, station.code);
  return { name: station.name, code: station.code, url, qrSvg: qrSvg(url), contacts };
}

function stationNotFound(c: Context<AppEnv>, code: string) {
  return pageNotFound(c, messagesFor(c.get("lang")).notFoundStation.replace("{code}", code.slice(0, 20)));
}

export async function stationOr404(c: Context<AppEnv>) {
  const code = c.req.param("code") ?? "";
  const data = STATION_CODE_PATTERN.test(code) ? await loadStationPage(c.get("db"), code) : null;
  if (!data) return { response: await stationNotFound(c, code) };
  return { data };
}

/**
 * The station page with a report form sent back: the visitor's input, the problems, any photo
 * held and the open reports of the same problem. Never cached (the clean page is ready-pages.tsx's).
 */
export async function renderStation(
  c: Context<AppEnv>,
  data: StationPageData,
  form: Omit<ReportFormProps, "lang" | "action" | "microGrids" | "token">,
  status: 200 | 400 | 409 | 413 | 429 | 503,
) {
  const lang = c.get("lang");
  const token = await issueFormToken(c.get("services").config.formSecret, data.station.code, new Date());
  return renderPage(c, <StationPage lang={lang} data={data} form={{ token, ...form }} />, { status });
}

export function stationPages() {
  const app = new Hono<AppEnv>();
  app.get("/s/:code", async (c) => {
    const code = c.req.param("code");
    const page = STATION_CODE_PATTERN.test(code) ? await readyStationPage(c, code) : null;
    return page ?? stationNotFound(c, code);
  });
  app.get("/s/:code/qr.svg", async (c) => {
    const code = c.req.param("code");
    if (!STATION_CODE_PATTERN.test(code)) return pageNotFound(c);
    const exists = await c.get("db").query.station.findFirst({ where: (s, { eq }) => eq(s.code, code), columns: { code: true } });
    if (!exists) return pageNotFound(c);
    return c.body(qrSvg(stationUrl(c, code)), 200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" });
  });
  app.get("/s/:code/poster", async (c) => {
    const found = await stationOr404(c);
    if (!found.data) return found.response;
    const poster = posterContent(c, found.data.station, posterContacts(found.data.circle));
    return renderPage(c, <PosterPage lang={printLang(c)} poster={poster} />, { cacheSeconds: 300 });
  });
  return app;
}
