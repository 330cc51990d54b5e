// `npm run backup [-- --remote]`: exports the D1 database (schema and data) to
// backups/gridstation-<local|remote>-<date>.sql with `wrangler d1 export`.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { configOver, persistTo, ROOT, wrangler } from "./lib/platform.ts";

export function backup(options: { remote: boolean; folder?: string }): string {
  const folder = options.folder ?? join(ROOT, "backups");
  mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = join(folder, `gridstation-${options.remote ? "remote" : "local"}-${stamp}.sql`);
  const where = options.remote ? ["--remote"] : ["--local", ...(persistTo() ? ["--config", configOver(persistTo()!)] : [])];
  wrangler(["d1", "export", "DB", ...where, "--output", file], { quiet: true });
  return file;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { remote: { type: "boolean", default: false } } });
  const file = backup({ remote: values.remote });
  console.log(`Exported to ${file}`);
}
