import type Database from "better-sqlite3";

/** A value as an SQL literal, the way `sqlite3 .dump` writes it. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (Buffer.isBuffer(value)) return `X'${(value as Buffer).toString("hex")}'`;
  return `'${String(value).replace(/'/g, "''")}'`;
}

/**
 * The database as SQL that rebuilds it in an empty one (D1 takes it with `wrangler d1 execute
 * --file`): tables and their rows first, then indexes and triggers, so a trigger does not act on
 * the rows being restored. Many rows go in one INSERT, under D1's 100 KB statement limit.
 */
export function dumpSql(db: Database.Database): string {
  const objects = db
    .prepare(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY type = 'table' DESC, rowid",
    )
    .all() as { type: string; name: string; sql: string }[];
  const out: string[] = ["PRAGMA defer_foreign_keys = true;"];
  for (const table of objects.filter((o) => o.type === "table")) {
    out.push(`${table.sql};`);
    const rows = db.prepare(`SELECT * FROM "${table.name}"`).raw(true).all() as unknown[][];
    let batch: string[] = [];
    let size = 0;
    const flush = () => {
      if (batch.length > 0) out.push(`INSERT INTO "${table.name}" VALUES ${batch.join(",")};`);
      batch = [];
      size = 0;
    };
    for (const row of rows) {
      const values = `(${row.map(literal).join(",")})`;
      if (size + values.length > 90_000) flush();
      batch.push(values);
      size += values.length;
    }
    flush();
  }
  for (const other of objects.filter((o) => o.type !== "table")) out.push(`${other.sql};`);
  return `${out.join("\n")}\n`;
}
