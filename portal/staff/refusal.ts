import type { CaseAction } from "../../schema/constants.ts";
import type { DomainError } from "../../worker/domain-error.ts";
import type { Lang } from "../messages.ts";
import { STAFF_MESSAGES } from "./messages.ts";

/**
 * A domain refusal as the staff page tells it, in the visitor's language: the code's sentence,
 * what each named field needs, and for a refused action what may be done instead. The error's
 * own message is English for API clients and never shown here.
 */
export function refusalText(error: DomainError, lang: Lang): string {
  const t = STAFF_MESSAGES[lang].refusals;
  const parts: string[] = [t.codes[error.code]];
  const fields = t.fields as Record<string, string>;
  for (const path of new Set(error.fieldProblems.map((p) => p.path))) {
    const text = fields[path];
    if (text) parts.push(text);
  }
  if (error.code === "invalid_transition") parts.push(allowedText(error.details, lang));
  return parts.join(" ");
}

/** Zod's problems with a staff form's fields, told the same way. */
export function fieldsText(paths: readonly string[], lang: Lang): string {
  const t = STAFF_MESSAGES[lang].refusals;
  const fields = t.fields as Record<string, string>;
  return [t.codes.validation_failed, ...new Set(paths.map((p) => fields[p]).filter((x) => x !== undefined))].join(" ");
}

function allowedText(details: unknown, lang: Lang): string {
  const t = STAFF_MESSAGES[lang].refusals;
  const allowed = (details as { allowed_actions?: CaseAction[] } | undefined)?.allowed_actions ?? [];
  if (allowed.length === 0) return t.nothingAllowed;
  return t.allowedNow + allowed.map((a) => t.actionNames[a]).join(t.listSeparator);
}

/** Each problem's field with the sentence that tells what it needs, for forms that mark fields. */
export function fieldProblemTexts(paths: readonly string[], lang: Lang): Record<string, string> {
  const t = STAFF_MESSAGES[lang].refusals;
  const fields = t.fields as Record<string, string>;
  return Object.fromEntries(paths.map((p) => [p, fields[p] ?? t.codes.validation_failed]));
}
