import { POSTER_CSS, type PosterContent, PosterSheet } from "../components/poster-sheet.tsx";
import { messagesFor } from "../lang.ts";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";
import { ViewContext } from "../site.ts";

/**
 * `/s/{code}/poster`: one station's A4 poster, the QR code large, with its key numbers. Printed the
 * same whoever prints it: the printing phone's large-text mode does not apply.
 */
export function PosterPage({ lang, poster }: { lang: Lang; poster: PosterContent }) {
  return (
    <ViewContext.Provider value={{ largeText: false }}>
      <Layout
        lang={lang}
        title={`${poster.name} · ${poster.code}`}
        path={`/s/${poster.code}/poster`}
        description={messagesFor(lang).descriptions.poster.replace("{name}", poster.name).replace("{code}", poster.code)}
        extraCss={POSTER_CSS}
      >
        <PosterSheet lang={lang} poster={poster} />
      </Layout>
    </ViewContext.Provider>
  );
}
