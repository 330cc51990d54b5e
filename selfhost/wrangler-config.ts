import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

/**
 * What the self-hosted runtime takes from wrangler.toml, so both runtimes read one configuration:
 * the variables, the rate limits, the queues and their consumers, the cron schedules.
 */
export interface WranglerConfig {
  vars: Record<string, string>;
  rateLimits: { name: string; limit: number; period: number }[];
  producers: { binding: string; queue: string }[];
  consumers: { queue: string; maxBatchSize: number; maxRetries: number; deadLetterQueue?: string | undefined }[];
  crons: string[];
  migrationsDir: string;
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
  };
}
