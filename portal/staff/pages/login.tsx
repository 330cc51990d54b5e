import { Alert } from "../../components/alert.tsx";
import { langHref } from "../../lang.ts";
import type { Lang } from "../../messages.ts";
import { StaffLayout } from "../layout.tsx";
import { STAFF_MESSAGES } from "../messages.ts";

export function LoginPage({
  lang,
  token,
  phone,
  error,
  next,
}: {
  lang: Lang;
  token: string;
  phone?: string;
  error?: string;
  next?: string;
}) {
  const t = STAFF_MESSAGES[lang];
  return (
    <StaffLayout lang={lang} title={t.login.title}>
      <h1>{t.login.title}</h1>
      <Alert text={error} />
      <form method="post" action={langHref("/staff/login", lang)} class="card">
        <input type="hidden" name="token" value={token} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <label for="phone">{t.login.phone}</label>
        <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="username" maxlength={11} required value={phone ?? ""} />
        <label for="password">{t.login.password}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={200} />
        <button type="submit">{t.login.submit}</button>
      </form>
    </StaffLayout>
  );
}
