import { langHref, messagesFor } from "../lang.ts";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";

/** A friendly page for "not found" and "something went wrong", in the visitor's language. */
export function MessagePage({ lang, title, text, path }: { lang: Lang; title: string; text: string; path: string }) {
  const t = messagesFor(lang);
  return (
    <Layout lang={lang} title={title} path={path}>
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <a href={langHref("/", lang)}>{t.findStation}</a>
      </p>
    </Layout>
  );
}
