import type { CaseSummary } from "../../worker/cases/summaries.ts";
import { EmergencyBanner } from "../components/emergency.tsx";
import { formatTime, langHref, messagesFor } from "../lang.ts";
import { Layout } from "../layout.tsx";
import type { Lang } from "../messages.ts";
import { words } from "../messages.ts";

export interface MyCasesPageProps {
  lang: Lang;
  cases: CaseSummary[];
}

/** Each case one large link; the remove button outlined, so that it does not read as the page's main action. */
const MY_CASES_CSS = `
.mine li{padding:8px 0;border-top:1px solid #eee}
.mine li:first-child{border-top:0}
.mine a.case{display:block;min-height:48px;padding:4px 0;color:#1a1a1a;text-decoration:none}
.mine a.case strong{color:#0a4f9e;text-decoration:underline}
.mine .line{display:block}
.mine button{width:auto;min-width:48px;padding:0 16px;margin-top:4px;background:#fff;color:#a00000;border:1px solid #a00000}
a.tap{display:inline-block;min-height:48px;padding:12px 0}
`;

/** `/my` (我的反映): the cases this phone filed or kept, newest first, each a link to its progress. */
export function MyCasesPage({ lang, cases }: MyCasesPageProps) {
  const t = messagesFor(lang);
  return (
    <Layout lang={lang} title={t.mine.title} path="/my" description={t.descriptions.mine} extraCss={MY_CASES_CSS}>
      <h1>{t.mine.title}</h1>
      <p class="sub">{t.mine.intro}</p>
      {cases.length === 0 ? (
        <div class="card">
          <p>
            <strong>{t.mine.empty}</strong>
          </p>
          <p>{t.mine.emptyHow}</p>
          <p class="muted">{t.mine.onlyHere}</p>
          <a class="tap" href={langHref("/", lang)}>
            {t.findStation}
          </a>
        </div>
      ) : (
        <>
          <ul class="plain card mine">
            {cases.map((row) => (
              <li>
                <a class="case" href={langHref(`/t/${row.trackingCode}`, lang)}>
                  <strong>{words.category(row.category, lang)}</strong> · <span class="code">{row.trackingCode}</span>
                  <span class="line">
                    {t.reportedAt}: {formatTime(row.createdAt, lang)}
                  </span>
                  <span class="line">
                    {t.status}: {words.status(row.status, lang)}
                  </span>
                  <span class="line">
                    {t.level}: {words.level(row.level, lang)}
                  </span>
                </a>
                <form method="post" action={langHref("/my/forget", lang)}>
                  <input type="hidden" name="code" value={row.trackingCode} />
                  <button type="submit" aria-label={`${t.mine.forget} ${row.trackingCode}`}>
                    {t.mine.forget}
                  </button>
                </form>
              </li>
            ))}
          </ul>
          <p class="muted">{t.mine.forgetNote}</p>
          <p class="muted">{t.mine.onlyHere}</p>
        </>
      )}
      <EmergencyBanner lang={lang} />
    </Layout>
  );
}
