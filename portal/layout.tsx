import type { Child } from "hono/jsx";
import { useContext } from "hono/jsx";
import { langHref, messagesFor } from "./lang.ts";
import type { Lang } from "./messages.ts";
import { SiteContext, ViewContext } from "./site.ts";
import { CSS } from "./styles.ts";

interface LayoutProps {
  lang: Lang;
  title: string;
  /** Path of this page without the lang parameter, for the language switch and the large-text switch. */
  path: string;
  /** What a search engine or a shared link shows of the page (`descriptions` in the message tables). */
  description?: string;
  extraCss?: string;
  children?: Child;
}

/** The site's filing numbers (ICP 备案, 公安备案), when the deployment has them. */
function Filings() {
  const site = useContext(SiteContext);
  if (!site.icpFiling && !site.publicSecurityFiling) return null;
  return (
    <footer class="filings">
      {site.icpFiling ? <a href="https://beian.miit.gov.cn/">{site.icpFiling}</a> : null}
      {site.icpFiling && site.publicSecurityFiling ? " · " : null}
      {site.publicSecurityFiling ? <span>{site.publicSecurityFiling}</span> : null}
    </footer>
  );
}

/** The switch to the large-text mode (长辈版) and back: a link, remembered on the phone by a cookie. */
function LargeTextSwitch({ lang, path }: { lang: Lang; path: string }) {
  const t = messagesFor(lang);
  const { largeText } = useContext(ViewContext);
  const back = encodeURIComponent(langHref(path, lang));
  return <a href={`/view?large=${largeText ? "0" : "1"}&back=${back}`}>{largeText ? t.standardText : t.largeText}</a>;
}

/** The one layout of the resident portal: no external request, one inline stylesheet. */
export function Layout({ lang, title, path, description, extraCss, children }: LayoutProps) {
  const t = messagesFor(lang);
  const { largeText } = useContext(ViewContext);
  const other = `${path}${path.includes("?") ? "&" : "?"}lang=${t.switchLangCode}`;
  return (
    <html lang={t.htmlLang} class={largeText ? "large" : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="format-detection" content="telephone=no" />
        <meta name="description" content={description ?? t.descriptions.home} />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS + (extraCss ?? "") }} />
      </head>
      <body>
        <header class="top">
          <div class="in">
            <a href={langHref("/", lang)}>{t.siteName}</a>
            <span class="tools">
              <LargeTextSwitch lang={lang} path={path} />
              <a
                class="lang"
                href={other}
                hreflang={t.switchLangCode === "en" ? "en" : "zh-CN"}
                lang={t.switchLangCode === "en" ? "en" : "zh-CN"}
              >
                {t.switchLang}
              </a>
            </span>
          </div>
        </header>
        <main>{children}</main>
        <Filings />
      </body>
    </html>
  );
}
