import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

/**
 * What the self-hosted runtime takes from wrangler.toml, so both runtimes read one configuration:
 * the variables, the rate limits, the queues and their consumers, the cron schedules, the static
 * files served ahead of the worker.
 */
export interface WranglerConfig {
  vars: Record<string, string>;
  rateLimits: { name: string; limit: number; period: number }[];
  producers: { binding: string; queue: string }[];
  consumers: { queue: string; maxBatchSize: number; maxRetries: number; deadLetterQueue?: string | undefined }[];
  crons: string[];
  migrationsDir: string;
  /** Paths answered from public/ without the worker: the `!` patterns of `[assets] run_worker_first`. */
  staticPaths: string[];
}

interface Toml {
  vars?: Record<string, string>;
  ratelimits?: { name: string; simple: { limit: number; period: number } }[];
  queues?: {
    producers?: { binding: string; queue: string }[];
    consumers?: { queue: string; max_batch_size?: number; max_retries?: number; dead_letter_queue?: string }[];
  };
  triggers?: { crons?: string[] };
  d1_databases?: { migrations_dir?: string }[];
  assets?: { run_worker_first?: boolean | string[] };
}

export function readWranglerConfig(path: string): WranglerConfig {
  const toml = parse(readFileSync(path, "utf8")) as Toml;
  return {
    vars: toml.vars ?? {},
    rateLimits: (toml.ratelimits ?? []).map((r) => ({ name: r.name, limit: r.simple.limit, period: r.simple.period })),
    producers: toml.queues?.producers ?? [],
    consumers: (toml.queues?.consumers ?? []).map((c) => ({
      queue: c.queue,
      maxBatchSize: c.max_batch_size ?? 10,
      // Cloudflare's default.
      maxRetries: c.max_retries ?? 3,
      deadLetterQueue: c.dead_letter_queue,
    })),
    crons: toml.triggers?.crons ?? [],
    migrationsDir: toml.d1_databases?.[0]?.migrations_dir ?? "migrations",
    staticPaths: staticPathsOf(toml.assets?.run_worker_first),
  };
}

/**
 * Workers' static assets answer the paths that `run_worker_first` excludes with `!`; Hono's router
 * reads the same patterns as long as they are exact paths or end in `/*`, which is checked here.
 */
function staticPathsOf(runWorkerFirst: boolean | string[] | undefined): string[] {
  if (!Array.isArray(runWorkerFirst)) return [];
  const paths = runWorkerFirst.filter((pattern) => pattern.startsWith("!")).map((pattern) => pattern.slice(1));
  for (const path of paths) {
    if (!/^\/[^*]*(\/\*)?$/.test(path))
      throw new Error(`wrangler.toml run_worker_first: ${path} is neither an exact path nor a folder ending in /*`);
  }
  return paths;
}
