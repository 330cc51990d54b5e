// The script's text, compiled from report-form.browser.ts by `npm run assets`.
import { REPORT_FORM_SCRIPT } from "./report-form.generated.ts";

export { REPORT_FORM_SCRIPT };

/** FNV-1a of the text: the script's address changes with it, so browsers may keep it for a year. */
function version(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

export const REPORT_FORM_SCRIPT_PATH = `/assets/report-form.js?v=${version(REPORT_FORM_SCRIPT)}`;
