import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Bindings } from "../worker/bindings.ts";
import { asD1, SqliteD1, type SqliteD1Options } from "./d1.ts";
import { SharpImages } from "./images.ts";
import { applyMigrations } from "./migrate.ts";
import { databaseFile, dataFolder, photosFolder, projectRoot } from "./paths.ts";
import { FolderBucket } from "./photos.ts";
import { TableQueue } from "./queue.ts";
import { MemoryRateLimit } from "./rate-limit.ts";
import { S3Bucket, type S3Settings, s3SettingsOf } from "./s3.ts";
import type { WranglerConfig } from "./wrangler-config.ts";
import { readWranglerConfig } from "./wrangler-config.ts";

/** Secrets wrangler.toml names in comments only (`wrangler secret put` on Workers), taken from the environment here. */
const SECRETS = new Set([
  "ENCRYPTION_KEYS_PREVIOUS",
  "ALIYUN_ACCESS_KEY_ID",
  "ALIYUN_ACCESS_KEY_SECRET",
  "TENCENT_SECRET_ID",
  "TENCENT_SECRET_KEY",
  "TENCENT_SMS_SDK_APP_ID",
]);

/**
 * The worker's variables: wrangler.toml's, overridden by this process's environment (which is
 * where a district's server keeps its secrets). Checked as the worker checks them (worker/config.ts)
 * when the server starts.
 */
function variablesOf(config: WranglerConfig, environment: Record<string, string | undefined>): Record<string, string> {
  const vars: Record<string, string> = { ...config.vars };
  for (const [name, value] of Object.entries(environment)) {
    if (value !== undefined && (name in vars || name.startsWith("GRIDSTATION_") || SECRETS.has(name))) vars[name] = value;
  }
  return vars;
}

export interface SelfHostedPlatform {
  env: Bindings;
  db: SqliteD1;
  /** The migrations this start applied. */
  migrated: string[];
  close(): void;
}

/**
 * The bindings the worker module expects, made for one process on a district's server: the
 * database file, the photo folder, the queue table, the rate limits in memory, and the
 * variables. `database` may be ":memory:" (the test suite on Node).
 */
function createPlatform(options: {
  config: WranglerConfig;
  variables: Record<string, string>;
  database: string;
  photosFolder: string;
  migrationsFolder: string;
  sqlite?: SqliteD1Options;
  /** Photos in an S3-compatible store instead of the folder. */
  s3?: S3Settings | null;
}): SelfHostedPlatform {
  if (options.database !== ":memory:") mkdirSync(join(options.database, ".."), { recursive: true });
  const db = new SqliteD1(options.database, options.sqlite);
  const migrated = applyMigrations(db, options.migrationsFolder);
  const limiters = Object.fromEntries(options.config.rateLimits.map((r) => [r.name, new MemoryRateLimit(r.limit, r.period)]));
  const queues = Object.fromEntries(options.config.producers.map((p) => [p.binding, new TableQueue(db, p.queue)]));
  const env = {
    ...options.variables,
    ...limiters,
    ...queues,
    DB: asD1(db),
    PHOTOS: options.s3 ? new S3Bucket(options.s3) : new FolderBucket(options.photosFolder),
    IMAGES: new SharpImages(),
  } as unknown as Bindings;
  return { env, db, migrated, close: () => db.close() };
}

/**
 * The platform of this checkout's (or build's) data folder, configured from wrangler.toml and the
 * environment: what the server runs on, and what the operator's scripts open.
 */
export function openDataFolder(options: { database?: string; data?: string; environment?: Record<string, string | undefined> } = {}) {
  const root = projectRoot();
  const config = readWranglerConfig(join(root, "wrangler.toml"));
  const data = options.data ?? dataFolder(root);
  const platform = createPlatform({
    config,
    variables: variablesOf(config, options.environment ?? process.env),
    database: options.database ?? databaseFile(data),
    photosFolder: photosFolder(data),
    migrationsFolder: join(root, config.migrationsDir),
    s3: s3SettingsOf(options.environment ?? process.env),
  });
  return { platform, config };
}
