import { DomainError } from "../domain-error.ts";
import { fromBase64Url, toBase64Url } from "./encoding.ts";

/**
 * Opaque keyset cursors: the sort key of the last row of a page. Keyset (not offset) pagination
 * neither skips nor repeats rows when others are inserted between two page loads.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(key)));
}

export function decodeCursor<const N extends number>(cursor: string, arity: N): (string | number)[] {
  const bytes = fromBase64Url(cursor);
  let key: unknown;
  try {
    key = bytes ? JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)) : undefined;
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) &&
    key.length === arity &&
    key.every((part) => typeof part === "string" || (typeof part === "number" && Number.isFinite(part)));
  if (!valid) {
    throw new DomainError("validation_failed", "The cursor is not one this API issued.", {
      details: [{ path: "cursor", message: "pass back a next_cursor unchanged" }],
    });
  }
  return key as (string | number)[];
}

/** Splits a `limit + 1` fetch into the page and the cursor of its last row. */
export function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const next_cursor = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null;
  return { items, next_cursor };
}
