import { type CaseStatus, DESCRIPTION_MAX } from "../../schema/constants.ts";
import { RESIDENT_CATEGORIES, type ReportFormField, type ReportFormValues } from "../../schema/report-form.ts";
import { formatTime, messagesFor } from "../lang.ts";
import { type Lang, words } from "../messages.ts";
import { REPORT_FORM_SCRIPT_PATH } from "../scripts/report-form.ts";

export interface ReportFormProps {
  lang: Lang;
  action: string;
  token: string;
  microGrids: { id: string; name: string }[];
  values?: ReportFormValues;
  errors?: Partial<Record<ReportFormField, string>>;
  /** A photo accepted on the form's last try, held for this one (worker/resident/held-photo.ts). */
  heldPhoto?: string | undefined;
  /** Open reports of the same problem at this station, shown before filing another (worker/cases/duplicates.ts). */
  openReports?: OpenReportShown[] | undefined;
}

export interface OpenReportShown {
  id: string;
  excerpt: string;
  createdAt: Date;
  status: CaseStatus;
  /** Residents' reports already joined to it. */
  joined: number;
}

/**
 * "这个问题已有人反映": inside the form, so that either choice sends everything typed again. Joining
 * one (`follow`) files the resident's report with it; the form's own button files it anyway.
 */
function OpenReports({ lang, reports }: { lang: Lang; reports: OpenReportShown[] }) {
  const t = messagesFor(lang);
  return (
    <div class="card dup" id="open-reports" role="status">
      <input type="hidden" name="confirm_new" value="1" />
      <h3>{t.openReports.title}</h3>
      <p class="hint">{t.openReports.intro}</p>
      {/* First in the form, so that Enter in a text field files the report rather than joining one. */}
      <button type="submit" class="secondary">
        {t.openReports.fileAnyway}
      </button>
      <ul class="plain">
        {reports.map((report) => (
          <li class="contact">
            <span class="who">
              {report.excerpt}
              <small>
                {t.openReports.reported} {formatTime(report.createdAt, lang)} · {words.status(report.status, lang)}
                {report.joined > 0 ? ` · ${t.openReports.joined.replace("{n}", String(report.joined + 1))}` : ""}
              </small>
            </span>
            <button type="submit" name="follow" value={report.id} class="join">
              {t.openReports.join}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Where each problem's link in the summary goes: the field, or the form itself for the page's own problems. */
const FIELD_TARGETS: Record<ReportFormField, string> = {
  category: "category",
  description: "description",
  photo: "photo",
  micro_grid: "micro_grid",
  name: "name",
  phone: "phone",
  notify: "notify",
  token: "report",
};
const FIELD_ORDER = Object.keys(FIELD_TARGETS) as ReportFormField[];

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="err" id={`${id}-err`}>
      {message}
    </p>
  ) : null;
}

/** What is wrong, at the top of the form the page lands on, each problem a link to its field. */
function ProblemSummary({ lang, errors }: { lang: Lang; errors: Partial<Record<ReportFormField, string>> }) {
  const t = messagesFor(lang);
  const problems = FIELD_ORDER.filter((field) => errors[field]);
  if (problems.length === 0) return null;
  return (
    <div class="alert" role="alert" id="problems">
      <strong>{t.formErrors}</strong>
      <ul>
        {problems.map((field) => (
          <li>
            <a href={`#${FIELD_TARGETS[field]}`}>{errors[field]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The report form. It works without JavaScript: a form sent back lands on itself (`#report`) with
 * the problems listed at its top, everything typed kept and an accepted photo held. With
 * JavaScript (the script below) the photo is shrunk on the phone and the upload shows progress.
 */
export function ReportForm({ lang, action, token, microGrids, values = {}, errors = {}, heldPhoto, openReports }: ReportFormProps) {
  const t = messagesFor(lang);
  const invalid = (field: ReportFormField) => (errors[field] ? { "aria-invalid": "true", "aria-describedby": `${field}-err` } : {});
  return (
    <section id="report">
      <h2>{t.reportTitle}</h2>
      <p class="muted">{t.reportIntro}</p>
      <ProblemSummary lang={lang} errors={errors} />
      <form
        method="post"
        action={`${action}#report`}
        enctype="multipart/form-data"
        class="card"
        data-shrinking={t.photoShrinking}
        data-uploading={t.photoUploading}
        data-failed={t.photoUploadFailed}
      >
        <input type="hidden" name="token" value={token} />
        <div class="hp" aria-hidden="true">
          <label for="website">Website</label>
          <input id="website" name="website" tabindex={-1} autocomplete="off" />
        </div>
        <FieldError id="token" message={errors.token} />
        {openReports && openReports.length > 0 ? <OpenReports lang={lang} reports={openReports} /> : null}
        <fieldset id="category" style="border:0;padding:0;margin:0">
          <legend style="font-weight:600">{t.category}</legend>
          {RESIDENT_CATEGORIES.map((code) => (
            <label class="radio">
              <input type="radio" name="category" value={code} checked={values.category === code} required {...invalid("category")} />
              <span>
                {t.residentCategories[code]}
                {code === "emergency" ? <strong class="err"> {t.emergencyChoiceNote}</strong> : null}
              </span>
            </label>
          ))}
          <FieldError id="category" message={errors.category} />
        </fieldset>
        <label for="description">{t.description}</label>
        <textarea
          id="description"
          name="description"
          maxlength={DESCRIPTION_MAX}
          required
          placeholder={t.descriptionHint}
          {...invalid("description")}
        >
          {values.description ?? ""}
        </textarea>
        <FieldError id="description" message={errors.description} />
        <label for="photo">{t.photo}</label>
        {heldPhoto ? (
          <>
            <input type="hidden" name="photo_held" value={heldPhoto} />
            <p class="held" id="photo-held">
              ✓ {t.photoHeld}
            </p>
            <p class="hint">{t.photoHeldReplace}</p>
          </>
        ) : (
          <p class="hint">{t.photoHint}</p>
        )}
        <input id="photo" name="photo" type="file" accept="image/*" {...invalid("photo")} />
        <FieldError id="photo" message={errors.photo} />
        {microGrids.length > 0 ? (
          <>
            <label for="micro_grid">{t.building}</label>
            <select id="micro_grid" name="micro_grid" {...invalid("micro_grid")}>
              <option value="">{t.anyBuilding}</option>
              {microGrids.map((m) => (
                <option value={m.id} selected={values.micro_grid === m.id}>
                  {m.name}
                </option>
              ))}
            </select>
            <FieldError id="micro_grid" message={errors.micro_grid} />
          </>
        ) : null}
        <label for="name">{t.name}</label>
        <input id="name" name="name" maxlength={40} autocomplete="name" value={values.name ?? ""} {...invalid("name")} />
        <FieldError id="name" message={errors.name} />
        <label for="phone">{t.phone}</label>
        <input
          id="phone"
          name="phone"
          type="tel"
          inputmode="numeric"
          autocomplete="tel"
          maxlength={13}
          value={values.phone ?? ""}
          {...invalid("phone")}
        />
        <FieldError id="phone" message={errors.phone} />
        <label class="radio">
          <input id="notify" name="notify" type="checkbox" value="1" checked={values.notify === "1"} {...invalid("notify")} /> {t.notifyMe}
        </label>
        <p class="hint">{t.notifyMeHint}</p>
        <FieldError id="notify" message={errors.notify} />
        <p class="hint" role="status" aria-live="polite" data-progress="" />
        <button type="submit">{openReports && openReports.length > 0 ? t.openReports.fileAnyway : t.submit}</button>
      </form>
      <script src={REPORT_FORM_SCRIPT_PATH} defer />
    </section>
  );
}
