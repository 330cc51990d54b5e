import { sql } from "drizzle-orm";
import type { Context } from "hono";
import { messagesFor } from "../../portal/lang.ts";
import type { Lang } from "../../portal/messages.ts";
import { STATION_CODE_PATTERN } from "../../schema/constants.ts";
import { type ReportFormField, ReportFormSchema, type ReportFormValues } from "../../schema/report-form.ts";
import { contentHash, createCase, idempotencyLookup } from "../cases/create.ts";
import { openReportsAt, publicExcerpt, SHARED_CATEGORIES } from "../cases/duplicates.ts";
import { DomainError } from "../domain-error.ts";
import type { AppEnv } from "../env.ts";
import { pageNotFound } from "../pages/errors.tsx";
import { type FormBody, formText, readForm } from "../pages/form.ts";
import { langSuffix } from "../pages/lang.ts";
import type { CleanPhoto } from "../photos/clean.ts";
import { preparePhoto } from "../photos/prepare.ts";
import { storePhoto } from "../photos/store.ts";
import { clientAddress } from "../routes/client-address.ts";
import { formTokenWindow, verifyFormToken } from "./form-token.ts";
import { heldPhotoKey, holdPhoto } from "./held-photo.ts";
import { rememberCase } from "./my-cases.ts";
import { renderStation, stationOr404 } from "./station.tsx";
import { loadStationPage, stationPageWith } from "./station-page-data.ts";

type FieldErrors = Partial<Record<ReportFormField, string>>;

/** Turns the form into values to re-show and field errors in the visitor's language. */
function reportForm(body: FormBody, lang: Lang) {
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
  const values: ReportFormValues = {
    category: text("category"),
    description: text("description"),
    micro_grid: text("micro_grid"),
    name: text("name"),
    phone: text("phone"),
    notify: text("notify") === "1" ? "1" : "",
  };
  const parsed = ReportFormSchema.safeParse({ ...values, token: text("token") });
  const errors: FieldErrors = {};
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
const loadReportPage = stationPageWith((db) => [idempotencyLookup(db, "resident", sql.placeholder("key"))]);
/** The same, and the open reports of the same problem at this station, in the same round trip. */
const loadReportPageAndOpenReports = stationPageWith((db) => [
  idempotencyLookup(db, "resident", sql.placeholder("key")),
  openReportsAt(db, sql.placeholder("station"), sql.placeholder("category")),
]);

/**
 * What the resident chose about the open reports of the same problem: not asked yet, file anyway
 * (`confirm_new`), or join one (`follow`, its case id).
 */
function choiceOf(body: FormBody) {
  const follow = formText(body, "follow");
  if (follow) return { kind: "follow" as const, caseId: follow };
  return { kind: formText(body, "confirm_new") === "1" ? ("new" as const) : ("ask" as const) };
}

/** The photo a form brings: a new one shrunk and cleaned, or one held from the form's last try. */
async function photoOf(c: Context<AppEnv>, body: FormBody, now: Date) {
  const { images, config } = c.get("services");
  const upload = body.photo instanceof File && body.photo.size > 0 ? body.photo : null;
  if (upload) {
    const prepared = await preparePhoto(images, upload);
    return typeof prepared === "string" ? { problem: prepared } : { photo: prepared };
  }
  const reference = formText(body, "photo_held");
  if (!reference) return {};
  const key = await heldPhotoKey(config.formSecret, reference, now);
  return key ? { heldKey: key, reference } : { problem: "photo_expired" as const };
}

/**
 * The report form in at most two D1 round trips when nothing is wrong: one batch reads the station
 * page's data and any case already filed with this form and content (none when this isolate holds
 * the data); one batch writes the case. A form sent back keeps everything the resident gave,
 * the photo too (held for the next try), and lands on the form with the problems listed.
 */
export async function report(c: Context<AppEnv>) {
  const code = c.req.param("code") ?? "";
  if (!STATION_CODE_PATTERN.test(code)) return (await stationOr404(c)).response!;
  const lang = c.get("lang");
  const t = messagesFor(lang);
  const now = new Date();
  const body = await readForm(c);
  const form = reportForm(body, lang);
  const input = form.parsed && {
    category: form.parsed.category,
    description: form.parsed.description,
    stationCode: code,
    microGridId: form.parsed.micro_grid,
    reporterName: form.parsed.name,
    reporterPhone: form.parsed.phone,
    notifyResident: form.parsed.notify || undefined,
  };
  // The same form sent twice (a double tap, a retry on a flaky network) files one case; the same
  // token with other content is another report.
  const hash = input ? await contentHash(input) : "";
  const key = input ? `${form.token}:${hash.slice(0, 32)}` : "";
  const sendsPhoto = body.photo instanceof File && body.photo.size > 0;
  const choice = choiceOf(body);
  const asksOpenReports = input !== null && choice.kind !== "new" && SHARED_CATEGORIES.includes(input.category);
  // A repeat is looked for before the write when that costs nothing (the station's data is read
  // anyway), spares shrinking and storing its photo again, or rides with the open reports the
  // resident is shown; otherwise the write finds it on the idempotency index, and createCase
  // answers with the first case.
  const { data, rows } = asksOpenReports
    ? await loadReportPageAndOpenReports(c.get("db"), code, { key, station: code, category: input.category }, { alone: true })
    : await loadReportPage(c.get("db"), code, { key }, { alone: sendsPhoto });
  if (!data) return pageNotFound(c, t.notFoundStation.replace("{code}", code));
  const [previous, openReports = []] = rows ?? [];
  const existing = previous?.[0];
  // A form sent again (its first answer lost on a weak link): the phone keeps the case all the same.
  if (existing) return filed(c, existing.trackingCode);

  // A field people never see: a bot that fills it gets the same page back and files nothing.
  if (typeof body.website === "string" && body.website !== "") {
    return renderStation(c, data, { values: form.values, errors: { token: t.errors.token } }, 400);
  }
  if (!(await withinReportLimits(c, code, form.token))) {
    c.header("Retry-After", "60");
    return renderStation(c, data, { values: form.values, errors: { token: t.errors.rate_limited } }, 429);
  }
  const { errors } = form;
  const { formSecret } = c.get("services").config;
  if (!(await verifyFormToken(formSecret, data.station.code, form.token, now))) errors.token = t.errors.token;
  const microGrid = form.parsed?.micro_grid ? data.microGrids.find((m) => m.id === form.parsed?.micro_grid) : undefined;
  if (form.parsed?.micro_grid && !microGrid) errors.micro_grid = t.errors.micro_grid;
  const photo = await photoOf(c, body, now);
  if (photo.problem) errors.photo = t.errors[photo.problem];

  if (Object.keys(errors).length > 0 || !input) {
    const heldPhoto = await keepForNextTry(c, photo, now);
    return renderStation(c, data, { values: form.values, errors, heldPhoto }, photo.problem === "photo_size" ? 413 : 400);
  }

  // The same problem reported here already: the resident may join that report rather than file another.
  const target = choice.kind === "follow" ? openReports.find((report) => report.row.id === choice.caseId)?.row : undefined;
  if ((choice.kind === "ask" && openReports.length > 0) || (choice.kind === "follow" && !target)) {
    const heldPhoto = await keepForNextTry(c, photo, now);
    const shown = openReports.map(({ row, joined }) => ({
      id: row.id,
      excerpt: publicExcerpt(row.description),
      createdAt: row.createdAt,
      status: row.status,
      joined,
    }));
    const gone = choice.kind === "follow" ? { token: t.openReports.gone } : undefined;
    return renderStation(
      c,
      data,
      { values: form.values, heldPhoto, openReports: shown, errors: gone },
      choice.kind === "follow" ? 409 : 200,
    );
  }

  const photoKey = photo.heldKey ?? (photo.photo ? await storePhoto(c.get("services").photos, photo.photo) : undefined);
  const options = {
    channel: "qr" as const,
    actor: { kind: "resident" as const },
    idempotencyKey: key,
    contentHash: hash,
    now,
    checkedAreaPath: microGrid?.path ?? data.station.areaPath,
  };
  let created: Awaited<ReturnType<typeof createCase>>;
  try {
    created = await createCase(c.get("db"), { ...input, photoKey }, { ...options, joining: target });
  } catch (error) {
    // The database could not take it even after retries: the form comes back, nothing is lost.
    if (error instanceof DomainError && error.code === "unavailable") {
      c.header("Retry-After", "30");
      const heldPhoto = photo.reference ?? (await keepForNextTry(c, photo, now).catch(() => undefined));
      return renderStation(c, data, { values: form.values, errors: { token: t.errors.unavailable }, heldPhoto }, 503);
    }
    throw error;
  }
  return filed(c, created.case.trackingCode);
}

/** An accepted photo held for the form's next try, or the reference it already came with. */
async function keepForNextTry(c: Context<AppEnv>, photo: { photo?: CleanPhoto; reference?: string }, now: Date) {
  if (photo.reference) return photo.reference;
  if (!photo.photo) return undefined;
  const { photos, config } = c.get("services");
  return holdPhoto(c.get("db"), photos, config.formSecret, photo.photo, now);
}

/**
 * A filed report: the phone remembers the case (我的反映) and the resident goes to its page. The
 * form's address carries `#report` (so a form sent back lands on itself); a redirect without a
 * fragment of its own would inherit it.
 */
function filed(c: Context<AppEnv>, trackingCode: string) {
  rememberCase(c, trackingCode);
  return c.redirect(`/t/${trackingCode}?new=1${langSuffix(c, "&")}#top`, 303);
}

/** A body over the limit cannot be read at all: the form again, saying the photo was too large. */
export async function reportTooLarge(c: Context<AppEnv>) {
  const code = c.req.param("code") ?? "";
  const data = STATION_CODE_PATTERN.test(code) ? await loadStationPage(c.get("db"), code) : null;
  if (!data) return pageNotFound(c);
  return renderStation(c, data, { errors: { photo: messagesFor(c.get("lang")).errors.photo_too_large } }, 413);
}
