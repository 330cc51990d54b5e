import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";

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
    test: { name: "workers", include: ["test/**/*.test.ts"], exclude: ["test/browser/**", "test/node/**"], setupFiles: ["./test/apply-migrations.ts"] },
  };
}
