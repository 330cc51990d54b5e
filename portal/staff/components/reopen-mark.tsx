import type { Lang } from "../../messages.ts";
import { STAFF_MESSAGES } from "../messages.ts";

/**
 * 重办 N次: a case the resident was not satisfied with and sent back, in every queue and list,
 * so nobody mistakes it for a fresh one. Nothing for a case never reopened.
 */
export function ReopenMark({ lang, count }: { lang: Lang; count: number }) {
  if (count <= 0) return null;
  return <span class="badge reopened">{STAFF_MESSAGES[lang].caseScreen.reopened.replace("{n}", String(count))}</span>;
}
