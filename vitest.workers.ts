import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";

/** The suite's files, run on both runtimes; the ones that only make sense in workerd are listed in WORKERD_ONLY. */
const SUITE = { include: ["test/**/*.test.ts"], exclude: ["test/browser/**", "test/node/**", "test/selfhost/**"] };

/**
 * Test files that run in workerd only, each with the reason: keep this list short.
 */
export const WORKERD_ONLY: Record<string, string> = {};

/** Everything that runs inside workerd, against a D1 built from migrations/ (npm test, npm run mutate). */
export async function workersProject() {
  const migrations = await readD1Migrations(new URL("./migrations", import.meta.url).pathname);
  return {
    // HEIC photo fixtures are imported as files (Vite knows the other image types).
    assetsInclude: ["**/*.heic"],
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations, FUZZ_RUNS: process.env.FUZZ_RUNS ?? "40", GRIDSTATION_ENV: "development" },
          // Tests drive the webhook consumer themselves; a queue no consumer reads keeps the
          // background out of their way (test/node/webhooks.test.ts runs the real queue).
          queueProducers: { WEBHOOKS: { queueName: "gridstation-webhooks-in-tests" } },
        },
      }),
    ],
    test: { name: "workers", ...SUITE, setupFiles: ["./test/apply-migrations.ts"] },
  };
}

/**
 * The same suite on the self-hosted runtime: Node.js, the worker module over better-sqlite3 and
 * the other self-hosted bindings (selfhost/), reached through the same `cloudflare:workers` and
 * `cloudflare:test` imports (test/selfhost-shims/).
 */
export function selfhostProject({ withServerTests = true } = {}) {
  const shim = (name: string) => new URL(`./test/selfhost-shims/${name}.ts`, import.meta.url).pathname;
  return {
    assetsInclude: ["**/*.heic"],
    resolve: { alias: { "cloudflare:workers": shim("cloudflare-workers"), "cloudflare:test": shim("cloudflare-test") } },
    test: {
      name: "selfhost",
      // test/selfhost/ holds what only the self-hosted runtime has: its queue table, its server.
      // Without them (npm run mutate): they start servers as child processes, out of Stryker's sight.
      include: [...SUITE.include],
      exclude: [
        ...SUITE.exclude.filter((pattern) => (withServerTests ? pattern !== "test/selfhost/**" : true)),
        ...Object.keys(WORKERD_ONLY),
      ],
      environment: "node",
      setupFiles: ["./test/apply-migrations.ts"],
    },
  };
}
