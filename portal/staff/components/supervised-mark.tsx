import type { Lang } from "../../messages.ts";
import { STAFF_MESSAGES } from "../messages.ts";

/** 督办: the mark of a case the district put under supervision, wherever the case is listed or shown. */
export function SupervisedMark({ lang, since }: { lang: Lang; since: Date | null }) {
  if (!since) return null;
  return <span class="badge supervised">{STAFF_MESSAGES[lang].supervision.badge}</span>;
}
