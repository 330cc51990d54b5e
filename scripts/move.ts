// Moving a district between Cloudflare and its own server (docs/self-hosting.md):
//   npm run move -- to-selfhost [--remote]   D1 (local, or production with --remote) → GRIDSTATION_DATA's SQLite file
//   npm run move -- to-d1 [--remote]         GRIDSTATION_DATA's SQLite file → an empty D1 (local, or production)
// Photos move with `npm run backup` and `npm run backup -- --restore-photos`. Both ends keep
// wrangler's d1_migrations table, so each knows which migrations it has.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { dumpSql } from "../selfhost/dump.ts";
import { databaseFile, dataFolder } from "../selfhost/paths.ts";
import { configOver, persistTo, wrangler } from "./lib/platform.ts";

const where = (remote: boolean) => (remote ? ["--remote"] : ["--local", ...(persistTo() ? ["--persist-to", persistTo()!] : [])]);

/** Counts per table, to compare both ends of a move. */
export function tableCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name")
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
    );
  } finally {
    db.close();
  }
}

/** D1 → a new SQLite file (it must not exist yet). */
export function toSelfhost(options: { remote: boolean; file?: string }): string {
  const file = options.file ?? databaseFile(dataFolder());
  if (existsSync(file)) throw new Error(`${file} exists already; move it away first`);
  const dir = mkdtempSync(join(tmpdir(), "gridstation-move-"));
  try {
    const sql = join(dir, "export.sql");
    const exportWhere = options.remote ? ["--remote"] : ["--local", ...(persistTo() ? ["--config", configOver(persistTo()!)] : [])];
    wrangler(["d1", "export", "DB", ...exportWhere, "--output", sql], { quiet: true });
    const db = new Database(file);
    try {
      db.pragma("journal_mode = WAL");
      db.exec(readFileSync(sql, "utf8"));
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return file;
}

/** A SQLite file → an empty D1. */
export function toD1(options: { remote: boolean; file?: string }) {
  const file = options.file ?? databaseFile(dataFolder());
  const dir = mkdtempSync(join(tmpdir(), "gridstation-move-"));
  try {
    const db = new Database(file, { readonly: true });
    const sql = join(dir, "import.sql");
    try {
      writeFileSync(sql, dumpSql(db));
    } finally {
      db.close();
    }
    wrangler(["d1", "execute", "DB", ...where(options.remote), "--file", sql, "--yes"], { quiet: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { remote: { type: "boolean", default: false }, file: { type: "string" } },
  });
  const [command] = positionals;
  if (command === "to-selfhost") console.log(`Moved the ${values.remote ? "production" : "local"} D1 into ${toSelfhost(values)}`);
  else if (command === "to-d1") {
    toD1(values);
    console.log(`Moved ${values.file ?? databaseFile(dataFolder())} into the ${values.remote ? "production" : "local"} D1`);
  } else {
    console.error("usage: npm run move -- to-selfhost|to-d1 [--remote] [--file PATH]");
    process.exit(2);
  }
}
