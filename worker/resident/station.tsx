import { sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { renderSVG } from "uqr";
import { messagesFor } from "../../portal/lang.ts";
import type { Lang } from "../../portal/messages.ts";
import { PosterPage } from "../../portal/pages/poster.tsx";
import { StationPage } from "../../portal/pages/station.tsx";
import { STATION_CODE_PATTERN } from "../../schema/constants.ts";
import { type ReportFormField, ReportFormSchema, type ReportFormValues } from "../../schema/report-form.ts";
import { contentHash, createCase, idempotencyLookup } from "../cases/create.ts";
import { DomainError } from "../domain-error.ts";
import type { AppEnv } from "../env.ts";
import { pageNotFound } from "../pages/errors.tsx";
import { type FormBody, readForm } from "../pages/form.ts";
import { langSuffix } from "../pages/lang.ts";
import { renderPage } from "../pages/render.ts";
import { type CleanPhoto, cleanPhoto, MAX_PHOTO_BYTES } from "../photos/clean.ts";
import { storePhoto } from "../photos/store.ts";
import { clientAddress } from "../routes/client-address.ts";
import { formTokenWindow, issueFormToken, verifyFormToken } from "./form-token.ts";
import { rememberCase } from "./my-cases.ts";
import { loadStationPage, type StationPageData, stationPageWith } from "./station-page-data.ts";

/** The absolute URL a station's QR code encodes. */
export function stationUrl(c: Context<AppEnv>, code: string): string {
  const base = c.get("services").config.publicBaseUrl ?? new URL(c.req.url).origin;
  return `${base.replace(/\/$/, "")}/s/${code}`;
}

function qrSvg(url: string): string {
  // Quartile error correction: a quarter of the code can be dirty or torn and it still scans.
  return renderSVG(url, { ecc: "Q", border: 2 });
}

async function stationOr404(c: Context<AppEnv>) {
  const code = c.req.param("code") ?? "";
  const data = STATION_CODE_PATTERN.test(code) ? await loadStationPage(c.get("db"), code) : null;
  if (!data) return { response: await pageNotFound(c, messagesFor(c.get("lang")).notFoundStation.replace("{code}", code.slice(0, 20))) };
  return { data };
}

async function renderStation(
  c: Context<AppEnv>,
  data: StationPageData,
  form: { values?: ReportFormValues; errors?: Partial<Record<ReportFormField, string>> } = {},
  status: 200 | 400 | 409 | 413 | 429 | 503 = 200,
) {
  const lang = c.get("lang");
  const token = await issueFormToken(c.get("services").config.formSecret, data.station.code, new Date());
  const page = <StationPage lang={lang} data={data} form={{ token, ...form }} />;
  // The clean page is cached briefly (its token is valid for a day); a form with errors is not.
  return renderPage(c, page, { status, ...(status === 200 && !form.errors ? { cacheSeconds: 60 } : {}) });
}

/** Turns the form into values to re-show and field errors in the visitor's language. */
function reportForm(body: FormBody, lang: Lang) {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const values: ReportFormValues = {
    category: text("category"),
    description: text("description"),
    micro_grid: text("micro_grid"),
    name: text("name"),
    phone: text("phone"),
  };
  const parsed = ReportFormSchema.safeParse({ ...values, token: text("token") });
  const errors: Partial<Record<ReportFormField, string>> = {};
  const t = messagesFor(lang);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]) as ReportFormField;
      if (field in t.errors) errors[field] = t.errors[field as keyof typeof t.errors];
    }
  }
  return { values, errors, parsed: parsed.success ? parsed.data : null, token: text("token") };
}

/**
 * Reports per address, station and form window (the token's window as parsed: its text may not
 * vary), and per address across every station, with a ceiling that carrier NAT still fits under.
 */
async function withinReportLimits(c: Context<AppEnv>, code: string, token: string): Promise<boolean> {
  const client = clientAddress(c);
  const window = formTokenWindow(token) ?? "none";
  const [form, address] = await Promise.all([
    c.get("services").limiters.report.limit({ key: `${client}|${code}|${window}` }),
    c.get("services").limiters.reportAddress.limit({ key: client }),
  ]);
  return form.success && address.success;
}

/** The station page's data with the case this form and content may already have filed. */
const loadReportPage = stationPageWith((db) => idempotencyLookup(db, "resident", sql.placeholder("key")));

/**
 * The report form in at most two D1 round trips: one batch reads the station page's data and any
 * case already filed with this form and content (none when this isolate holds the data); one
 * batch writes the case.
 */
async function report(c: Context<AppEnv>) {
  const code = c.req.param("code") ?? "";
  if (!STATION_CODE_PATTERN.test(code)) return (await stationOr404(c)).response!;
  const lang = c.get("lang");
  const t = messagesFor(lang);
  const body = await readForm(c);
  const form = reportForm(body, lang);
  const input = form.parsed && {
    category: form.parsed.category,
    description: form.parsed.description,
    stationCode: code,
    microGridId: form.parsed.micro_grid,
    reporterName: form.parsed.name,
    reporterPhone: form.parsed.phone,
  };
  // The same form sent twice (a double tap, a retry on a flaky network) files one case; the same
  // token with other content is another report.
  const hash = input ? await contentHash(input) : "";
  const key = input ? `${form.token}:${hash.slice(0, 32)}` : "";
  const photo = body.photo instanceof File && body.photo.size > 0 ? body.photo : null;
  // A repeat is looked for before the write when that costs nothing (the station's data is read
  // anyway) or spares storing its photo again; otherwise the write finds it on the idempotency
  // index, and createCase answers with the first case.
  const { data, rows: previous } = await loadReportPage(c.get("db"), code, { key }, { alone: photo !== null });
  if (!data) return pageNotFound(c, t.notFoundStation.replace("{code}", code));
  const existing = previous?.[0];
  if (existing) {
    return c.redirect(`/t/${existing.trackingCode}?new=1${langSuffix(c, "&")}`, 303);
  }

  // A field people never see: a bot that fills it gets the same page back and files nothing.
  if (typeof body.website === "string" && body.website !== "") {
    return renderStation(c, data, { values: form.values, errors: { token: t.errors.token } }, 400);
  }
  if (!(await withinReportLimits(c, code, form.token))) {
    c.header("Retry-After", "60");
    return renderStation(c, data, { values: form.values, errors: { token: t.errors.rate_limited } }, 429);
  }
  const { errors } = form;
  if (!(await verifyFormToken(c.get("services").config.formSecret, data.station.code, form.token, new Date())))
    errors.token = t.errors.token;
  const microGrid = form.parsed?.micro_grid ? data.microGrids.find((m) => m.id === form.parsed?.micro_grid) : undefined;
  if (form.parsed?.micro_grid && !microGrid) errors.micro_grid = t.errors.micro_grid;

  let cleaned: CleanPhoto | null = null;
  if (photo) {
    if (photo.size > MAX_PHOTO_BYTES) errors.photo = t.errors.photo_size;
    else {
      cleaned = cleanPhoto(new Uint8Array(await photo.arrayBuffer()));
      if (!cleaned) errors.photo = t.errors.photo_type;
    }
  }
  if (Object.keys(errors).length > 0 || !input) {
    return renderStation(c, data, { values: form.values, errors }, errors.photo === t.errors.photo_size ? 413 : 400);
  }

  const photoKey = cleaned ? await storePhoto(c.get("services").photos, cleaned) : undefined;
  let created: Awaited<ReturnType<typeof createCase>>;
  try {
    created = await createCase(
      c.get("db"),
      { ...input, photoKey },
      {
        channel: "qr",
        actor: { kind: "resident" },
        idempotencyKey: key,
        contentHash: hash,
        now: new Date(),
        checkedAreaPath: microGrid?.path ?? data.station.areaPath,
      },
    );
  } catch (error) {
    // The database could not take it even after retries: the form comes back, nothing is lost.
    if (error instanceof DomainError && error.code === "unavailable") {
      c.header("Retry-After", "30");
      return renderStation(c, data, { values: form.values, errors: { token: t.errors.unavailable } }, 503);
    }
    throw error;
  }
  rememberCase(c, created.case.trackingCode);
  return c.redirect(`/t/${created.case.trackingCode}?new=1${langSuffix(c, "&")}`, 303);
}

export function stationPages() {
  const app = new Hono<AppEnv>();
  app.get("/s/:code", async (c) => {
    const found = await stationOr404(c);
    return found.data ? renderStation(c, found.data) : found.response;
  });
  app.post("/s/:code/report", report);
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
    const lang = c.get("lang");
    const url = stationUrl(c, found.data.station.code);
    return renderPage(c, <PosterPage lang={lang} data={found.data} qrSvg={qrSvg(url)} url={url} />, { cacheSeconds: 300 });
  });
  return app;
}
