import type { OpeningHours } from "../../schema/opening-hours.ts";
import { messagesFor } from "../lang.ts";
import type { Lang } from "../messages.ts";

function dayRange(days: number[], lang: Lang): string {
  const t = messagesFor(lang);
  const key = [...days].sort().join("");
  if (key === "1234567") return t.everyDay;
  if (key === "12345") return t.weekdays;
  if (key === "67") return t.weekend;
  return days.map((d) => t.days[d]).join(t.listSeparator);
}

export function Hours({ lang, hours }: { lang: Lang; hours: OpeningHours }) {
  return (
    <span>
      {hours.map((h, i) => (
        <span>
          {i > 0 ? "; " : ""}
          {dayRange(h.days, lang)} {h.opens}–{h.closes}
        </span>
      ))}
    </span>
  );
}
