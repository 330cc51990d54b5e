import { messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";

const NUMBERS = [
  ["110", "police"],
  ["119", "fire"],
  ["120", "ambulance"],
] as const;

/** Always near the top: danger to life goes to 110/119/120 first, not to a form. The largest targets on the page. */
export function EmergencyBanner({ lang }: { lang: Lang }) {
  const t = messagesFor(lang);
  return (
    <aside class="sos" role="note">
      <strong>{t.emergencyTitle}</strong>
      <div class="calls">
        {NUMBERS.map(([number, service]) => (
          <a href={`tel:${number}`} aria-label={`${t.call} ${number} ${t.emergencyServices[service]}`}>
            {number}
            <small>{t.emergencyServices[service]}</small>
          </a>
        ))}
      </div>
      <a class="line" href="tel:12345">
        {t.hotline}
      </a>
    </aside>
  );
}
