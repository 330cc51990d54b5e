import { withoutControls } from "../../schema/text.ts";

/** Fields of a parsed form or query body. */
export type FormBody = Record<string, unknown>;

/** A text field as typed: control characters removed, trimmed; "" when absent or not text. */
export function formText(body: FormBody, name: string): string {
  const value = body[name];
  return typeof value === "string" ? withoutControls(value).trim() : "";
}
