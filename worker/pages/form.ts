import type { Context } from "hono";
import { withoutControls } from "../../schema/text.ts";

/** Fields of a parsed form or query body. */
export type FormBody = Record<string, unknown>;

/**
 * The posted form's fields; a body that is not a form reads as empty, so the page answers with
 * its own "fill this in" rather than an error. `all`: repeated names become arrays.
 */
export async function readForm(c: Context, options: { all?: boolean } = {}): Promise<FormBody> {
  return (await c.req.parseBody({ all: options.all ?? false }).catch(() => ({}))) as FormBody;
}

/** A text field as typed: control characters removed, trimmed; "" when absent or not text. */
export function formText(body: FormBody, name: string): string {
  const value = body[name];
  return typeof value === "string" ? withoutControls(value).trim() : "";
}

/** The texts of a field that may repeat (checkboxes), whether or not its name ends in `[]`. */
export function formList(body: FormBody, name: string): string[] {
  const value = body[name] ?? body[`${name}[]`];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === "string");
}
