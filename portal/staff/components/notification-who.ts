import { STAFF_ROLE_WORDS } from "../../../schema/directory-words.ts";
import type { NotificationRow } from "../../../schema/notification.ts";
import type { Lang } from "../../messages.ts";
import { STAFF_MESSAGES } from "../messages.ts";

/** Who a notification went to, for the trail and the log: "专职网格员 崔丽", a group's area, or the resident. */
export function notificationWho(row: Pick<NotificationRow, "recipientKind" | "recipientRole" | "recipientName">, lang: Lang): string {
  if (row.recipientKind === "resident") return STAFF_MESSAGES[lang].notify.resident;
  if (row.recipientKind === "group") return row.recipientName ?? "";
  return [row.recipientRole ? STAFF_ROLE_WORDS[row.recipientRole][lang] : null, row.recipientName].filter(Boolean).join(" ");
}

/** The masked number a staff notification went to (138****0001); groups and residents show none. */
export function maskedNumber(recipient: string | null): string {
  return recipient && recipient.length >= 11 ? `${recipient.slice(0, 3)}****${recipient.slice(-4)}` : "";
}

/** The provider's answer as it said it, or the outbox's own reason in the reader's language. */
export function notificationAnswer(answer: string | null, lang: Lang): string {
  if (answer === null) return "";
  const reasons = STAFF_MESSAGES[lang].notify.reasons as Record<string, string>;
  return reasons[answer] ?? answer;
}
