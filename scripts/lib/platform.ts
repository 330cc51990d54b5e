// Opens the worker's bindings from Node: the same persisted local D1 that `wrangler dev` uses, or
// the production database with --remote.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { createDatabase, type Database } from "../../worker/db.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
const CONFIG = join(ROOT, "wrangler.toml");

/**
 * Where local state lives: wrangler's default (.wrangler/state) unless GRIDSTATION_PERSIST_TO
 * names another folder (the browser tests run against a throwaway one).
 */
export function persistTo(): string | undefined {
  return process.env.GRIDSTATION_PERSIST_TO || undefined;
}

/**
 * A copy of wrangler.toml (paths made absolute) in a temporary folder whose `.wrangler/state` is
 * `stateDir`: for wrangler commands that read local state only next to their config
 * (`d1 export` has no --persist-to).
 */
export function configOver(stateDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), "gridstation-config-"));
  const text = readFileSync(CONFIG, "utf8")
    .replace(/main = "worker\/index.ts"/, `main = "${join(ROOT, "worker/index.ts")}"`)
    .replace(/directory = "\.\/public"/, `directory = "${join(ROOT, "public")}"`)
    .replace(/migrations_dir = "migrations"/, `migrations_dir = "${join(ROOT, "migrations")}"`);
  writeFileSync(join(dir, "wrangler.toml"), text);
  mkdirSync(join(dir, ".wrangler"));
  symlinkSync(stateDir, join(dir, ".wrangler", "state"));
  return join(dir, "wrangler.toml");
}

/** A copy of wrangler.toml whose D1 and R2 bindings are marked `remote = true`, for remote bindings. */
function remoteConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), "gridstation-"));
  const text = readFileSync(CONFIG, "utf8")
    .replace(/binding = "DB"/, 'binding = "DB"\nremote = true')
    .replace(/binding = "PHOTOS"/, 'binding = "PHOTOS"\nremote = true');
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, text.replace(/migrations_dir = "migrations"/, `migrations_dir = "${join(ROOT, "migrations")}"`));
  return path;
}

export function wrangler(args: string[], options: { quiet?: boolean } = {}) {
  execFileSync(join(ROOT, "node_modules/.bin/wrangler"), args, {
    cwd: ROOT,
    stdio: options.quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
}

/** `GRIDSTATION_RUNTIME=node`: the scripts act on the self-hosted SQLite file, not the local D1. */
export const selfHosted = () => process.env.GRIDSTATION_RUNTIME === "node";

/** Applies the migrations (idempotent: wrangler records which ones ran; the self-hosted file applies them when opened). */
export function migrate(remote: boolean) {
  if (selfHosted()) return;
  const local = persistTo() ? ["--local", "--persist-to", persistTo()!] : ["--local"];
  wrangler(["d1", "migrations", "apply", "DB", ...(remote ? ["--remote"] : local)], { quiet: !remote });
}

export async function openDatabase(remote: boolean): Promise<{ db: Database; dispose: () => Promise<void> }> {
  const { db, dispose } = await openPlatform(remote);
  return { db, dispose };
}

/** The database and the photo bucket, local or remote. */
export async function openPlatform(
  remote: boolean,
): Promise<{ db: Database; photos: R2Bucket; env: Cloudflare.Env; dispose: () => Promise<void> }> {
  if (selfHosted()) {
    if (remote) throw new Error("--remote is for Cloudflare; with GRIDSTATION_RUNTIME=node the scripts act on GRIDSTATION_DATA");
    // The operator's commands need no production secrets of their own, but may be given them.
    const { openDataFolder } = await import("../../selfhost/bindings.ts");
    const { platform } = openDataFolder({ environment: { GRIDSTATION_ENV: "development", ...process.env } });
    const env = platform.env as unknown as Cloudflare.Env;
    return { db: createDatabase(env.DB), photos: env.PHOTOS, env, dispose: async () => platform.close() };
  }
  const proxy = remote
    ? await getPlatformProxy<Cloudflare.Env>({ configPath: remoteConfig(), remoteBindings: true })
    : await getPlatformProxy<Cloudflare.Env>({
        configPath: CONFIG,
        persist: persistTo() ? { path: join(persistTo()!, "v3") } : true,
        remoteBindings: false,
      });
  return { db: createDatabase(proxy.env.DB), photos: proxy.env.PHOTOS, env: proxy.env, dispose: () => proxy.dispose() };
}
