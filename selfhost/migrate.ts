import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SqliteD1 } from "./d1.ts";

/**
 * Applies the files of `migrations/` not yet applied, each with its row in wrangler's
 * `d1_migrations` table, in one transaction per file: exactly what `wrangler d1 migrations apply`
 * does, so a database file moves between D1 and a district's server and knows where it stands.
 */
export function applyMigrations(db: SqliteD1, folder: string): string[] {
  db.sqlite.exec(`CREATE TABLE IF NOT EXISTS d1_migrations(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);`);
  const applied = new Set((db.sqlite.prepare("SELECT name FROM d1_migrations").all() as { name: string }[]).map((r) => r.name));
  const pending = readdirSync(folder)
    .filter((name) => name.endsWith(".sql") && !applied.has(name))
    .sort();
  for (const name of pending) {
    const sql = readFileSync(join(folder, name), "utf8");
    db.sqlite.transaction(() => {
      db.sqlite.exec(sql);
      db.sqlite.prepare("INSERT INTO d1_migrations (name) VALUES (?)").run(name);
    })();
  }
  return pending;
}
