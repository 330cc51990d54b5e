import { messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";

/** Always at the top: danger to life goes to 110/119/120 first, not to a form. */
export function EmergencyBanner({ lang }: { lang: Lang }) {
  const t = messagesFor(lang);
  return (
    <aside class="sos" role="note">
      <strong>{t.emergencyTitle}</strong> <a href="tel:110">110</a> · <a href="tel:119">119</a> · <a href="tel:120">120</a>
      <br />
      <span>{t.emergencyLines}</span> · <a href="tel:12345">{t.hotline}</a>
    </aside>
  );
}
