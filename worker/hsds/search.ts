import { inArray, type SQL, sql } from "drizzle-orm";
import type { Words } from "../../schema/case-words.ts";
import { CIRCLE_ROLES, STATION_SERVICES } from "../../schema/constants.ts";
import { ROLE_WORDS, STATION_SERVICE_WORDS } from "../../schema/directory-words.ts";
import { anyContains } from "../lib/text-search.ts";

/** `search` over names as stored: any of these columns contains the text. */
export function namesContaining(text: string, columns: string[]): SQL {
  return anyContains(
    columns.map((column) => sql.identifier(column)),
    text,
  );
}

/** The vocabulary keys whose words (Chinese, or English in any case) contain the text. */
function keysMatching<K extends string>(keys: readonly K[], words: Record<K, Words>, text: string): K[] {
  const lower = text.toLowerCase();
  return keys.filter((key) => words[key].zh.includes(text) || words[key].en.toLowerCase().includes(lower));
}

/**
 * `search` over the words of a row's `source` and `kind` (a circle role or a kind of station
 * service). Those words live in code, not in the database, so they are matched here and handed to
 * SQL as lists of keys.
 */
export function wordsContaining(text: string): SQL {
  const roles = keysMatching(CIRCLE_ROLES, ROLE_WORDS, text);
  const kinds = keysMatching(STATION_SERVICES, STATION_SERVICE_WORDS, text);
  return sql`((source = 'circle' AND ${inArray(sql`kind`, roles)}) OR (source = 'station' AND ${inArray(sql`kind`, kinds)}))`;
}
