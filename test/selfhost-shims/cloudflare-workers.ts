// `cloudflare:workers` for the suite on Node: the same `env` and `exports` the tests use inside
// workerd, made of the self-hosted bindings over a fresh in-memory SQLite per test file (vitest
// gives each file its own module graph, as the Workers pool gives each its own storage).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDataFolder } from "../../selfhost/bindings.ts";
import { BackgroundWork } from "../../selfhost/runtime.ts";
import worker from "../../worker/index.ts";

const { platform } = openDataFolder({
  database: ":memory:",
  data: mkdtempSync(join(tmpdir(), "gridstation-node-test-")),
  environment: { GRIDSTATION_ENV: "development" },
});

/** What vitest.workers.ts gives the Workers pool beyond wrangler.toml. */
export const env = Object.assign(platform.env, {
  TEST_MIGRATIONS: [],
  FUZZ_RUNS: process.env.FUZZ_RUNS ?? "40",
}) as unknown as Cloudflare.Env;

const background = new BackgroundWork();

export const exports = {
  default: {
    fetch: (request: Request) => worker.fetch(request, env, background.context()),
  },
};
