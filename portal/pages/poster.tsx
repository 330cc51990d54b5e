import { POSTER_CSS, type PosterContent, PosterSheet } from "../components/poster-sheet.tsx";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";

/** `/s/{code}/poster`: one station's A4 poster, the QR code large, with its key numbers. */
export function PosterPage({ lang, poster }: { lang: Lang; poster: PosterContent }) {
  return (
    <Layout lang={lang} title={`${poster.name} · ${poster.code}`} path={`/s/${poster.code}/poster`} extraCss={POSTER_CSS}>
      <PosterSheet lang={lang} poster={poster} />
    </Layout>
  );
}
