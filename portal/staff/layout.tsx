import type { Child } from "hono/jsx";
import { langHref, messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";
import { CSS } from "../styles.ts";
import { STAFF_MESSAGES } from "./messages.ts";

const STAFF_CSS = `
nav.staff{display:flex;flex-wrap:wrap;gap:4px 14px;align-items:center}
nav.staff a,nav.staff button{color:#fff;background:none;border:0;width:auto;min-height:44px;margin:0;padding:10px 4px;font-weight:600}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:8px}
.figure{background:#fff;border-radius:10px;padding:10px}
.figure b{display:block;font-size:1.6rem}
.figure.bad b{color:#a00000}
table{width:100%;border-collapse:collapse;background:#fff;font-size:.95rem}
th,td{padding:8px 6px;border-bottom:1px solid #e3e3e3;text-align:left}
.scroll{overflow-x:auto}
.badge{display:inline-block;background:#a00000;color:#fff;border-radius:6px;padding:0 6px;font-size:.85rem}
.badge.soft{background:#666}
.badge.pub{background:#1b5e20}
.badge.reopened{background:#8a4b00}
.badge.grade-satisfied{background:#1b5e20}.badge.grade-basically_satisfied{background:#55691e}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.sides figure{margin:0;background:#fff;border-radius:10px;padding:8px}
.sides figcaption{font-weight:700}
.sides img{display:block;width:100%;max-height:16rem;object-fit:contain;margin-top:6px}
.badge.supervised{background:#6a1b9a}
form.inline{display:inline}
details.action{background:#fff;border-radius:10px;padding:8px 12px;margin:8px 0}
details.action summary{font-weight:700;min-height:44px;padding-top:10px;cursor:pointer}
button.secondary{background:#fff;color:#b71c1c;border:2px solid #b71c1c}
.qr svg{width:200px;height:200px;background:#fff}
@media (min-width:64rem){main,header.top .in{max-width:60rem}.charts{display:grid;grid-template-columns:1fr 1fr;gap:0 12px}.charts>h2,.charts>p,.charts>.wide{grid-column:1/-1}}
figure.chart{background:#fff;border-radius:10px;padding:10px;margin:10px 0}
figure.chart figcaption{font-weight:700;margin-bottom:6px}
figure.chart svg{display:block;max-width:100%;height:auto}
figure.chart details{margin-top:6px}
ol.codes{columns:2;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1.1rem}
`;

/** The staff workspace's layout: the portal's styles, a navigation bar and sign-out. */
export function StaffLayout({
  lang,
  title,
  csrf,
  admin,
  children,
}: {
  lang: Lang;
  title: string;
  csrf?: string;
  admin?: boolean;
  children?: Child;
}) {
  const t = STAFF_MESSAGES[lang];
  const portal = messagesFor(lang);
  return (
    <html lang={portal.htmlLang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${title} · ${t.title}`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS + STAFF_CSS }} />
      </head>
      <body>
        <header class="top">
          <div class="in">
            {csrf ? (
              <nav class="staff">
                <a href={langHref("/staff", lang)}>{t.nav.dashboard}</a>
                <a href={langHref("/staff/cases", lang)}>{t.nav.cases}</a>
                <a href={langHref("/staff/report", lang)}>{t.nav.report}</a>
                <a href={langHref("/staff/supervised", lang)}>{t.supervision.nav}</a>
                <a href={langHref("/staff/ranking", lang)}>{t.ranking.nav}</a>
                {admin ? <a href={langHref("/staff/admin", lang)}>{t.nav.admin}</a> : null}
                <a href={langHref("/staff/security", lang)}>{t.secondFactor.nav}</a>
                <form method="post" action={langHref("/staff/logout", lang)} class="inline">
                  <input type="hidden" name="csrf" value={csrf} />
                  <button type="submit">{t.nav.logout}</button>
                </form>
              </nav>
            ) : (
              <span>{t.title}</span>
            )}
            <a class="lang" href={`?lang=${portal.otherLang}`}>
              {portal.otherLangName}
            </a>
          </div>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
