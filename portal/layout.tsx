import type { Child } from "hono/jsx";
import { useContext } from "hono/jsx";
import { langHref, messagesFor } from "./lang.ts";
import type { Lang } from "./messages.ts";
import { SiteContext } from "./site.ts";
import { CSS } from "./styles.ts";

interface LayoutProps {
  lang: Lang;
  title: string;
  /** Path of this page without the lang parameter, for the language switch. */
  path: string;
  extraCss?: string;
  children?: Child;
}

/** The one layout of the resident portal: no script, no external request, one inline stylesheet. */
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

export function Layout({ lang, title, path, extraCss, children }: LayoutProps) {
  const t = messagesFor(lang);
  const other = `${path}${path.includes("?") ? "&" : "?"}lang=${t.switchLangCode}`;
  return (
    <html lang={t.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="format-detection" content="telephone=no" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS + (extraCss ?? "") }} />
      </head>
      <body>
        <header class="top">
          <div class="in">
            <a href={langHref("/", lang)}>{t.siteName}</a>
            <a
              class="lang"
              href={other}
              hreflang={t.switchLangCode === "en" ? "en" : "zh-CN"}
              lang={t.switchLangCode === "en" ? "en" : "zh-CN"}
            >
              {t.switchLang}
            </a>
          </div>
        </header>
        <main>{children}</main>
        <Filings />
      </body>
    </html>
  );
}
