import { TRACKING_CODE_PATTERN } from "../workflow/ids.ts";

/** A tracking code as people type or read it out: in any case, with spaces or dashes between its symbols. */
export function normaliseTrackingCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

/** The tracking code the text is once normalised, or null when it is none. */
export function asTrackingCode(typed: string): string | null {
  const code = normaliseTrackingCode(typed);
  return TRACKING_CODE_PATTERN.test(code) ? code : null;
}
