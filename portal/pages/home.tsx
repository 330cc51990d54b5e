import { EmergencyBanner } from "../components/emergency.tsx";
import { langHref, messagesFor } from "../lang.ts";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";

/** The link to 我的反映 sits inline in its card; padded to a full tap target. */
const HOME_CSS = "a.tap{display:inline-block;min-height:48px;padding:12px 0}";

export interface HomePageProps {
  lang: Lang;
  query: string;
  results: { code: string; name: string; community: string; street: string }[] | null;
  trackError?: string;
}

/** `/`: find a station by name, code, community or street; or follow a case by its code. */
export function HomePage({ lang, query, results, trackError }: HomePageProps) {
  const t = messagesFor(lang);
  return (
    <Layout lang={lang} title={t.findTitle} path={query ? `/?q=${encodeURIComponent(query)}` : "/"} extraCss={HOME_CSS}>
      <h1>{t.findTitle}</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is newer than the WebViews residents use; the role says the same to them */}
      <form method="get" action="/" class="card" role="search">
        {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <label for="q">{t.findHint}</label>
        <input id="q" name="q" value={query} maxlength={200} />
        <button type="submit">{t.search}</button>
      </form>
      {results === null ? null : results.length === 0 ? (
        <p>{t.noResults}</p>
      ) : (
        <ul class="plain card">
          {results.map((s) => (
            <li class="contact">
              <a href={langHref(`/s/${s.code}`, lang)} class="who">
                {s.name}
                <small>
                  <span class="code">{s.code}</span> · {s.community} · {s.street}
                </small>
              </a>
            </li>
          ))}
        </ul>
      )}
      <form method="get" action="/t" class="card">
        {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
        <label for="code">{t.trackHint}</label>
        <input id="code" name="code" class="code" maxlength={20} autocapitalize="characters" />
        {trackError ? <p class="err">{trackError}</p> : null}
        <button type="submit">{t.go}</button>
        <a class="tap" href={langHref("/my", lang)}>
          {t.mine.homeLink}
        </a>
      </form>
      <EmergencyBanner lang={lang} />
    </Layout>
  );
}
