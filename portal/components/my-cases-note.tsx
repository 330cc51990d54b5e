import { langHref, messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";

// The tracking page's stylesheet is not this component's: its tap targets are sized inline.
const TAP_LINK = "display:inline-block;min-height:48px;padding:12px 0";
const KEEP_BUTTON = "width:auto;min-width:48px;padding:0 16px;margin-top:0;background:#fff;color:#0a4f9e;border:1px solid #0a4f9e";

/**
 * On the tracking page: a case this phone keeps in 我的反映 (one just filed from it) says where;
 * another can be kept there with one tap.
 */
export function MyCasesNote({ lang, code, kept }: { lang: Lang; code: string; kept: boolean }) {
  const t = messagesFor(lang);
  if (kept) {
    return (
      <p>
        {t.mine.filedNote}{" "}
        <a href={langHref("/my", lang)} style={TAP_LINK}>
          {t.mine.title}
        </a>
      </p>
    );
  }
  return (
    <form method="post" action={langHref("/my/keep", lang)}>
      <input type="hidden" name="code" value={code} />
      <button type="submit" style={KEEP_BUTTON}>
        {t.mine.keep}
      </button>{" "}
      <span class="muted">{t.mine.keepNote}</span>
    </form>
  );
}
