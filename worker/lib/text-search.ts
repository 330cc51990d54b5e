import { or, type SQL, type SQLWrapper, sql } from "drizzle-orm";

/**
 * Text search over a few columns, written with `instr` rather than `LIKE`: D1 refuses LIKE
 * patterns over 50 bytes (17 Chinese characters), and residents paste whole addresses; `instr`
 * has no such limit and no wildcards to escape. ASCII case is ignored, as LIKE ignores it.
 */
function contains(column: SQLWrapper, text: string): SQL {
  return sql`instr(lower(${column}), ${text.toLowerCase()}) > 0`;
}

/** Any of the columns contains the text. */
export function anyContains(columns: SQLWrapper[], text: string): SQL {
  return or(...columns.map((column) => contains(column, text)))!;
}

/**
 * The text contains the column's value (of two characters or more): a pasted address
 * "山西省太原市杏花岭区涧河街道同心园社区3号楼" contains its community's name "同心园社区".
 */
export function occursIn(column: SQLWrapper, text: string): SQL {
  return sql`(length(${column}) >= 2 AND instr(${text.toLowerCase()}, lower(${column})) > 0)`;
}
