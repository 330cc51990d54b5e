import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ApiError } from "../errors.ts";

/** A directory entry's ETag: its revision, quoted. */
export const etagOf = (revision: number) => `"${revision}"`;

/**
 * The revision a change was made from, from `If-Match` (RFC 9110 §13.1.1): absent or `*` means
 * "whatever it is now" (the last write wins, as before revisions existed).
 */
export function ifMatchRevision(c: Context): number | undefined {
  const header = c.req.header("if-match")?.trim();
  if (header === undefined || header === "*") return undefined;
  const match = /^"(\d{1,9})"$/.exec(header);
  if (!match) throw new ApiError("precondition_failed", 'If-Match takes the ETag of the entry, such as "3".');
  return Number(match[1]);
}

/** The `If-Match` request header as the OpenAPI document shows it. */
export const IfMatchHeaderSchema = z.object({
  "if-match": z.string().optional().openapi({
    description: 'The ETag of the entry as read (`"3"`); a change to an entry that moved on since answers 412 `precondition_failed`.',
  }),
});

/** The `ETag` response header as the OpenAPI document shows it. */
export const etagHeader = {
  ETag: { description: "The entry's revision, quoted: send it back as If-Match.", schema: { type: "string" as const } },
};
