import { POSTER_CSS, type PosterContent, PosterSheet } from "../components/poster-sheet.tsx";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";

/** `/staff/posters`: the poster of every station of an area, one A4 page each. */
export function PosterSheets({ lang, title, path, posters }: { lang: Lang; title: string; path: string; posters: PosterContent[] }) {
  return (
    <Layout lang={lang} title={title} path={path} extraCss={POSTER_CSS}>
      {posters.map((poster) => (
        <PosterSheet lang={lang} poster={poster} />
      ))}
    </Layout>
  );
}
