import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { chooseLang } from "../../portal/lang.ts";
import type { Lang } from "../../portal/messages.ts";
import { StationPage } from "../../portal/pages/station.tsx";
import type { Site } from "../../portal/site.ts";
import { STATION_CODE_PATTERN } from "../../schema/constants.ts";
import type { CircleRow } from "../circle.ts";
import { ConfigError } from "../config.ts";
import type { Database } from "../db.ts";
import { onDirectoryChange } from "../directory/changes.ts";
import type { AppEnv } from "../env.ts";
import { concatBytes, sha256Hex } from "../lib/encoding.ts";
import { IsolateCache } from "../lib/isolate-cache.ts";
import { preparedBatch } from "../lib/prepared-batch.ts";
import { pageHeaders, pageHtml, siteOf } from "../pages/render.ts";
import { largeTextChosen } from "../pages/view.ts";
import { servicesOf } from "../services.ts";
import { formWindow, issueFormToken } from "./form-token.ts";
import { loadLivePage, type StationPageData, toPageData } from "./station-page-data.ts";
import { type ReadyHtmlRow, readyHtmlQuery, storeReadyHtml } from "./station-page-store.ts";

/*
 * A station's page changes only when the directory does, yet every scan of a poster used to render
 * and serialise it again: on the Node runtime 26× the cost of answering /healthz. So each page is
 * kept ready as bytes, per station, language and text mode: in this isolate's memory (compressed
 * once, with its tag), and as HTML in the database beside the ready row it was made from, so that
 * a page this isolate has not kept is one key lookup and no rendering. Only the form's token
 * changes every ten minutes; the HTML keeps a placeholder where it goes.
 */

/** Where the form's token goes in stored HTML; never a token (those are `<window>.<32 characters>`). */
const TOKEN_PLACE = "gs-form-token-goes-here";

type Variant = `${Lang}` | `${Lang}-large`;

interface ReadyPage {
  /**
   * Kept compressed only: every phone's browser accepts gzip, and a third of the bytes lets the
   * isolate keep every station of a district (a client that refuses gzip gets it decompressed).
   */
  gzip: Uint8Array<ArrayBuffer>;
  etag: string | null;
  /** What of its environment it was made with (the site's filings, the form's secret). */
  maker: string;
  window: number;
  /** As plain objects: the Node server writes those without building a Headers. */
  headers: Record<string, string>;
  gzipHeaders: Record<string, string>;
}

/**
 * A district's ~1,000 stations take about 5 MB compressed in the common variant (Chinese,
 * standard text), 20 MB in all four: 12 MB of a 128 MB isolate keeps the whole district in the
 * common one and the pages scanned most in the others; the rest are one key lookup away. Kept as
 * long as the page may be (max-age=60): an edit made in another isolate or by the operator CLI
 * shows within the minute, one made here at once.
 */
const MAX_BYTES = 12 * 1024 * 1024;
export const readyPages = new IsolateCache<ReadyPage>(60_000, 8_000, { max: MAX_BYTES, of: (page) => page.gzip.byteLength });
onDirectoryChange(() => readyPages.clear());

const encoder = new TextEncoder();

function variantOf(lang: Lang, largeText: boolean): Variant {
  return largeText ? `${lang}-large` : lang;
}

/** The station a plain scan asks for: GET `/s/CODE`, with no query but the language. */
function plainScan(c: Context<AppEnv>): string | null {
  if (c.req.method !== "GET") return null;
  const path = c.req.path;
  if (!path.startsWith("/s/")) return null;
  const code = path.slice(3);
  if (!STATION_CODE_PATTERN.test(code)) return null;
  const url = c.req.url;
  const query = url.indexOf("?");
  const search = query < 0 ? "" : url.slice(query);
  return search === "" || search === "?lang=en" || search === "?lang=zh" ? code : null;
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(",")) {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") continue;
    const q = params.find((p) => p.trim().startsWith("q="));
    return !q || Number(q.trim().slice(2)) > 0;
  }
  return false;
}

function tagMatches(etag: string, ifNoneMatch: string | undefined): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch.trim() === "*" || (ifNoneMatch.match(/"[^"]*"/g)?.includes(bare) ?? false);
}

async function gzipOf(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const reader = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")).getReader();
  const parts: Uint8Array[] = [];
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parts.push(chunk.value);
  return concatBytes(parts);
}

/** These headers, as hono/etag keeps them on a 304. */
const KEPT_ON_304 = new Set(["cache-control", "etag", "expires", "vary", "content-location"]);

/** A page held, as the visitor can take it; `raw` when its whole bytes are at hand. */
function send(page: ReadyPage, c: Context<AppEnv>, raw?: Uint8Array<ArrayBuffer>): Response {
  if (page.etag && tagMatches(page.etag, c.req.header("if-none-match"))) {
    const kept = Object.entries(page.headers).filter(([name]) => KEPT_ON_304.has(name));
    return new Response(null, { status: 304, headers: Object.fromEntries(kept) });
  }
  if (!acceptsGzip(c.req.header("accept-encoding"))) {
    const body = raw ?? new Blob([page.gzip]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(body, { status: 200, headers: page.headers });
  }
  // Already compressed: workerd must send the bytes as they are (Node ignores the option).
  return new Response(page.gzip, { status: 200, headers: page.gzipHeaders, encodeBody: "manual" } as ResponseInit);
}

/** A page's bytes kept: compressed once, its headers for both ways of sending it made once. */
async function keep(key: string, raw: Uint8Array<ArrayBuffer>, made: Pick<ReadyPage, "etag" | "window" | "maker" | "headers">) {
  const gzipHeaders = { ...made.headers, "content-encoding": "gzip" };
  const page: ReadyPage = { ...made, gzip: await gzipOf(raw), gzipHeaders };
  readyPages.set(key, page);
  return page;
}

/** The services, or none when the environment is refused (the full way answers that with a 503). */
function configured(c: Context<AppEnv>) {
  try {
    return servicesOf(c.env);
  } catch (error) {
    if (error instanceof ConfigError) return null;
    throw error;
  }
}

/**
 * The headers of a full answer per variant, but its tag: the same for every station, so that a
 * page read from its stored HTML can be answered here without going the full way.
 */
const answerHeaders = new Map<Variant, Record<string, string>>();

/**
 * Ahead of every other middleware: a plain scan of a page this isolate holds is answered from its
 * bytes, headers and all (those the full path gave, security headers included); one it does not
 * hold but whose HTML is stored, from that, with one key lookup. Anything else goes the full way,
 * and a clean station page it yields is kept.
 */
export const readyStationPages = createMiddleware<AppEnv>(async (c, next) => {
  const code = plainScan(c);
  if (!code) return next();
  const lang = chooseLang(c.req.query("lang"), c.req.header("accept-language"));
  const largeText = largeTextChosen(c);
  const variant = variantOf(lang, largeText);
  const key = `${code}|${variant}`;
  const now = new Date();
  const window = formWindow(now);
  const held = readyPages.get(key);
  const services = configured(c);
  if (!services) return next();
  const { db, config } = services;
  const maker = `${config.site.icpFiling}|${config.site.publicSecurityFiling}|${config.formSecret}`;
  if (held && held.window === window && held.maker === maker) return send(held, c);
  const shape = answerHeaders.get(variant);
  if (shape) {
    const stored = await storedPage(db, { site: config.site, formSecret: config.formSecret, code, lang, largeText }, now);
    // What was read is not read again on the full way (an unknown code, or HTML not stored yet).
    c.set("readyLookup", { key, row: stored.row });
    if (stored.page) {
      const { bytes, etag } = stored.page;
      return send(await keep(key, bytes, { etag, window, maker, headers: { ...shape, etag } }), c, bytes);
    }
  }
  await next();
  const raw = c.var.readyPage;
  if (!raw || c.res.status !== 200 || c.res.headers.has("set-cookie")) return;
  const { "content-length": _length, "content-encoding": _encoding, ...headers } = Object.fromEntries(c.res.headers);
  const etag = c.res.headers.get("etag");
  await keep(key, raw, { etag, window, maker, headers });
  if (etag) {
    const { etag: _etag, ...shape } = headers;
    answerHeaders.set(variant, shape);
  }
});

/** One station of every kind the page draws: what the templates make of it names them. */
function samplePage(): StationPageData {
  const circle: CircleRow[] = [
    {
      id: 1,
      area_id: "g",
      role: "grid_chief",
      name: "张三",
      organization: null,
      phone: "13800000000",
      department_id: null,
      area_level: "grid",
      area_name: "网格",
      depth: 0,
    },
    {
      id: 2,
      area_id: "c",
      role: "community_police",
      name: "李四",
      organization: "派出所",
      phone: "0351-0000000",
      department_id: "d",
      area_level: "community",
      area_name: "社区",
      depth: 1,
    },
  ];
  return toPageData(
    JSON.stringify({
      station: {
        code: "SAMPLE",
        name: "样例",
        nameEn: "Sample",
        gridId: "g",
        areaPath: "/d/s/c/g/",
        address: "一号",
        lat: 37.8,
        lng: 112.5,
        openingHours: [{ days: [1, 2, 3, 4, 5], opens: "08:00", closes: "18:00" }],
        services: ["tea_water"],
      },
      areas: [
        { id: "s", level: "street", name: "街道", name_en: "Street" },
        { id: "c", level: "community", name: "社区", name_en: null },
      ],
      circle,
      microGrids: [{ id: "m", name: "微网格", path: "/d/s/c/g/m/" }],
    }),
  )!;
}

/**
 * The templates' name in a site: a digest of a sample page rendered in every variant. Any change
 * to the page's components, words or styles changes it, so HTML a previous build stored is not
 * served after a deploy.
 */
const renderers = new IsolateCache<Promise<string>>(Number.POSITIVE_INFINITY, 8);
function rendererOf(site: Site): Promise<string> {
  const key = `${site.icpFiling}|${site.publicSecurityFiling}`;
  let renderer = renderers.get(key);
  if (!renderer) {
    const sample = samplePage();
    renderer = Promise.all(
      (["zh", "en"] as const).flatMap((lang) => [false, true].map((largeText) => template(site, lang, largeText, sample))),
    ).then(async (pages) => (await sha256Hex(pages.join(""))).slice(0, 16));
    renderers.set(key, renderer);
  }
  return renderer;
}

function template(site: Site, lang: Lang, largeText: boolean, data: StationPageData): Promise<string> {
  return pageHtml(site, { largeText }, <StationPage lang={lang} data={data} form={{ token: TOKEN_PLACE }} />);
}

const readReadyHtml = preparedBatch((db: Database) => [readyHtmlQuery(db)] as const, { asIs: [0] });

interface Asked {
  site: Site;
  formSecret: string;
  code: string;
  lang: Lang;
  largeText: boolean;
}

/** The page in bytes with this window's token, and its tag (which those and the stored row decide). */
async function finished(html: string, asked: Asked, tag: string | null, now: Date) {
  const token = await issueFormToken(asked.formSecret, asked.code, now);
  const bytes = encoder.encode(html.replaceAll(TOKEN_PLACE, token)) as Uint8Array<ArrayBuffer>;
  return { bytes, etag: tag === null ? null : `W/"${tag}-${formWindow(now)}"` };
}

/**
 * The station's ready row and, in the variant asked, the HTML these templates made from it (a row
 * the middleware already read is taken as it is), with the tag the page's bytes then follow from.
 */
async function lookUp(db: Database, asked: Asked, held?: { key: string; row: ReadyHtmlRow | null }) {
  const variant = variantOf(asked.lang, asked.largeText);
  const renderer = await rendererOf(asked.site);
  const key = `${asked.code}|${variant}`;
  const row = held?.key === key ? held.row : ((await readReadyHtml(db, { code: asked.code, variant, renderer }))[0][0] ?? null);
  return { row, variant, renderer, tag: row?.stamp ? `${row.stamp}-${renderer}-${variant}` : null };
}

/** A station's page from its stored HTML, if these templates made it from the ready row as it is. */
async function storedPage(db: Database, asked: Asked, now: Date) {
  const { row, tag } = await lookUp(db, asked);
  if (!row?.html || !tag) return { row, page: null };
  const page = await finished(row.html, asked, tag, now);
  return { row, page: { bytes: page.bytes, etag: page.etag! } };
}

/**
 * `/s/{code}` as a resident first sees it, from its stored HTML, else rendered from its ready row
 * (and that HTML stored for the next isolate), else from the directory as it is; null for no
 * such active station.
 */
export async function readyStationPage(c: Context<AppEnv>, code: string): Promise<Response | null> {
  const db = c.get("db");
  const asked = {
    site: siteOf(c),
    formSecret: c.get("services").config.formSecret,
    code,
    lang: c.get("lang"),
    largeText: largeTextChosen(c),
  };
  const { row, variant, renderer, tag } = await lookUp(db, asked, c.var.readyLookup);
  if (!row) return null;
  let html = row.html;
  if (html === null) {
    const data = row.data ? toPageData(row.data) : await loadLivePage(db, code);
    if (!data) return null;
    html = await template(asked.site, asked.lang, asked.largeText, data);
    if (row.data && row.stamp) {
      const page = { code, variant, renderer, stamp: row.stamp, html };
      c.executionCtx.waitUntil(storeReadyHtml(db, page).catch((error) => console.error("ready page not stored", String(error))));
    }
  }
  // A page computed from the directory (no ready row yet) is tagged by hono/etag from its bytes.
  const page = await finished(html, asked, tag, new Date());
  c.set("readyPage", page.bytes);
  const headers: Record<string, string> = { ...pageHeaders(c, 60), vary: "Accept-Language, Cookie, Accept-Encoding" };
  if (page.etag) headers.etag = page.etag;
  return c.body(page.bytes, 200, headers);
}
