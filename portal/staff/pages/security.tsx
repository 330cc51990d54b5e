import { raw } from "hono/html";
import { Alert } from "../../components/alert.tsx";
import { formatTime, langHref } from "../../lang.ts";
import type { Lang } from "../../messages.ts";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";

export interface SecurityPageProps {
  lang: Lang;
  csrf: string;
  /** The member's role needs the second factor (admins, district dispatch). */
  required: boolean;
  enabledAt: Date | null;
  codesLeft: number;
  /** While not enrolled: the pending key and its QR code to scan. */
  enrolment?: { secret: string; qrSvg: string };
  /** Shown once, right after enrolment or regeneration. */
  recoveryCodes?: string[];
  error?: string;
  /** The code given to enrol was wrong: the page says what to try. */
  enrolFailed?: boolean;
  notice?: string;
  /** The member's own notification choices (stored on their staff row). */
  notify: { sms: boolean; group: boolean };
  notifyNotice?: string;
}

/** `/staff/security`: turning two-step verification on (QR code), its recovery codes, turning it off. */
export function SecurityPage(props: SecurityPageProps) {
  const { lang, csrf, required, enabledAt, codesLeft, enrolment, recoveryCodes, error, enrolFailed, notice } = props;
  const t = STAFF_MESSAGES[lang].secondFactor;
  const codeField = (id: string, label: string) => (
    <>
      <label for={id}>{label}</label>
      <input id={id} name="code" autocomplete="one-time-code" inputmode="numeric" required maxlength={7} />
    </>
  );
  return (
    <StaffLayout lang={lang} title={t.nav} csrf={csrf}>
      <h1>{t.title}</h1>
      <Alert text={enrolFailed ? t.enrolFailed : error} />
      {enrolFailed ? (
        <ol class="steps">
          {t.enrolSteps.split("|").map((step) => (
            <li>{step}</li>
          ))}
        </ol>
      ) : null}
      {notice ? <p class="ok">{notice}</p> : null}
      <p>{required ? t.required : t.optional}</p>
      {recoveryCodes ? (
        <section class="card">
          <h2>{t.codesTitle}</h2>
          <p>{t.codesHelp}</p>
          <ol class="codes">
            {recoveryCodes.map((code) => (
              <li>
                <code>{code}</code>
              </li>
            ))}
          </ol>
          <p>
            <a href={langHref("/staff", lang)}>{t.continue}</a>
          </p>
        </section>
      ) : null}
      {enabledAt ? (
        <section class="card">
          <p>
            {t.enabledSince}
            {formatTime(enabledAt, lang)}
          </p>
          <p>
            {t.codesLeft}
            {codesLeft}
          </p>
          <form method="post" action={langHref("/staff/security/recovery-codes", lang)}>
            <input type="hidden" name="csrf" value={csrf} />
            {codeField("regenerate-code", t.currentCode)}
            <button type="submit" class="secondary">
              {t.regenerate}
            </button>
          </form>
          {required ? null : (
            <form method="post" action={langHref("/staff/security/disable", lang)}>
              <input type="hidden" name="csrf" value={csrf} />
              {codeField("disable-code", t.currentCode)}
              <button type="submit" class="secondary">
                {t.disable}
              </button>
            </form>
          )}
        </section>
      ) : enrolment ? (
        <section class="card">
          <p>{t.off}</p>
          <p>{t.scan}</p>
          <div class="qr">{raw(enrolment.qrSvg)}</div>
          <p>
            <code id="totp-key">{enrolment.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
          </p>
          <p class="muted">{t.keepKey}</p>
          <form method="post" action={langHref("/staff/security/enrol", lang)}>
            <input type="hidden" name="csrf" value={csrf} />
            {codeField("enrol-code", t.confirm)}
            <button type="submit">{t.enable}</button>
          </form>
          <form method="post" action={langHref("/staff/security/new-key", lang)}>
            <input type="hidden" name="csrf" value={csrf} />
            <button type="submit" class="secondary">
              {t.newKey}
            </button>
          </form>
        </section>
      ) : null}
      <NotificationPreferences lang={lang} csrf={csrf} notify={props.notify} notice={props.notifyNotice} />
    </StaffLayout>
  );
}

function NotificationPreferences({
  lang,
  csrf,
  notify,
  notice,
}: {
  lang: Lang;
  csrf: string;
  notify: SecurityPageProps["notify"];
  notice?: string | undefined;
}) {
  const t = STAFF_MESSAGES[lang].notify;
  return (
    <section class="card" id="notifications">
      <h2>{t.prefsTitle}</h2>
      {notice ? <p class="ok">{notice}</p> : null}
      <p class="muted">{t.prefsIntro}</p>
      <form method="post" action={langHref("/staff/security/notifications", lang)}>
        <input type="hidden" name="csrf" value={csrf} />
        <label class="radio">
          <input type="checkbox" name="sms" value="1" checked={notify.sms} /> <span>{t.sms}</span>
        </label>
        <label class="radio">
          <input type="checkbox" name="group" value="1" checked={notify.group} /> <span>{t.group}</span>
        </label>
        <button type="submit" class="secondary">
          {t.save}
        </button>
      </form>
    </section>
  );
}
