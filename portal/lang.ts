import { TIME_ZONE } from "../schema/constants.ts";
import { type Lang, MESSAGES } from "./messages.ts";

/**
 * Chinese first: `?lang=en|zh` wins, then an Accept-Language that ranks English above Chinese
 * (a missing q counts as 1), otherwise Chinese.
 */
export function chooseLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  if (query === "en" || query === "zh") return query;
  let en = 0;
  let zh = 0;
  for (const part of (acceptLanguage ?? "").split(",")) {
    const [tag = "", ...params] = part.trim().toLowerCase().split(";");
    const q = Number(params.find((p) => p.trim().startsWith("q="))?.split("=")[1] ?? 1);
    if (tag.startsWith("en")) en = Math.max(en, q);
    if (tag.startsWith("zh")) zh = Math.max(zh, q);
  }
  return en > zh ? "en" : "zh";
}

/** A link within the site in the page's language: English pages carry `?lang=en` onto every link and form. */
export function langHref(href: string, lang: Lang): string {
  if (lang !== "en") return href;
  return `${href}${href.includes("?") ? "&" : "?"}lang=en`;
}

export function messagesFor(lang: Lang) {
  return MESSAGES[lang];
}

const formatters = {
  zh: new Intl.DateTimeFormat("zh-CN", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }),
};

/** Times are shown in Asia/Shanghai whatever zone the Worker runs in (UTC). */
export function formatTime(date: Date, lang: Lang): string {
  return formatters[lang].format(date);
}
