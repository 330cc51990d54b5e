import type { Child } from "hono/jsx";
import { langHref } from "../../../lang.ts";
import type { Lang } from "../../../messages.ts";
import { StaffLayout } from "../../layout.tsx";
import { STAFF_MESSAGES } from "../../messages.ts";

export interface Frame {
  lang: Lang;
  csrf: string;
  flash?: { kind: "ok" | "alert"; text: string };
}

export function AdminFrame({ lang, csrf, flash, title, children }: Frame & { title: string; children?: Child }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <StaffLayout lang={lang} title={title} csrf={csrf}>
      <p class="muted">
        <a href={langHref("/staff/admin", lang)}>{t.admin}</a> › {title}
      </p>
      <h1>{title}</h1>
      {flash ? <p class={flash.kind}>{flash.text}</p> : null}
      {children}
    </StaffLayout>
  );
}

export const Csrf = ({ csrf }: { csrf: string }) => <input type="hidden" name="csrf" value={csrf} />;

export function SearchForm({ lang, query }: { lang: Lang; query: string }) {
  const t = STAFF_MESSAGES[lang].admin;
  return (
    <form method="get" class="card">
      {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      <label for="q">{t.search}</label>
      <input id="q" name="q" value={query} />
      <button type="submit">{t.search}</button>
    </form>
  );
}
