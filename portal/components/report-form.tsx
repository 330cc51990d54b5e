import { RESIDENT_CATEGORIES, type ReportFormField, type ReportFormValues } from "../../schema/report-form.ts";
import { messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";

export interface ReportFormProps {
  lang: Lang;
  action: string;
  token: string;
  microGrids: { id: string; name: string }[];
  values?: ReportFormValues;
  errors?: Partial<Record<ReportFormField, string>>;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="err" id={`${id}-err`}>
      {message}
    </p>
  ) : null;
}

/** The report form: works without JavaScript; on error it comes back with the input kept. */
export function ReportForm({ lang, action, token, microGrids, values = {}, errors = {} }: ReportFormProps) {
  const t = messagesFor(lang);
  const invalid = (field: ReportFormField) => (errors[field] ? { "aria-invalid": "true", "aria-describedby": `${field}-err` } : {});
  return (
    <section id="report">
      <h2>{t.reportTitle}</h2>
      <p class="muted">{t.reportIntro}</p>
      {Object.keys(errors).length > 0 ? (
        <p class="alert" role="alert">
          {t.formErrors}
        </p>
      ) : null}
      <form method="post" action={action} enctype="multipart/form-data" class="card">
        <input type="hidden" name="token" value={token} />
        <div class="hp" aria-hidden="true">
          <label for="website">Website</label>
          <input id="website" name="website" tabindex={-1} autocomplete="off" />
        </div>
        <FieldError id="token" message={errors.token} />
        <fieldset style="border:0;padding:0;margin:0">
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
          minlength={5}
          maxlength={2000}
          required
          placeholder={t.descriptionHint}
          {...invalid("description")}
        >
          {values.description ?? ""}
        </textarea>
        <FieldError id="description" message={errors.description} />
        <label for="photo">{t.photo}</label>
        <input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp,image/heic" {...invalid("photo")} />
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
        <button type="submit">{t.submit}</button>
      </form>
    </section>
  );
}
