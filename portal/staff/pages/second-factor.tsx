import { Alert } from "../../components/alert.tsx";
import { langHref } from "../../lang.ts";
import type { Lang } from "../../messages.ts";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";

/** The step after the password for members who turned on two-step verification. */
export function SecondFactorPage({ lang, challenge, next, error }: { lang: Lang; challenge: string; next?: string; error?: string }) {
  const t = STAFF_MESSAGES[lang].secondFactor;
  return (
    <StaffLayout lang={lang} title={t.title}>
      <h1>{t.title}</h1>
      <Alert text={error} />
      <form method="post" action={langHref("/staff/login/code", lang)} class="card">
        <input type="hidden" name="challenge" value={challenge} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <p>{t.prompt}</p>
        <label for="code">{t.code}</label>
        <input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" required maxlength={16} autofocus />
        <button type="submit">{t.submit}</button>
      </form>
    </StaffLayout>
  );
}
