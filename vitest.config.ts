import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(new URL("./migrations", import.meta.url).pathname);
  return {
    test: {
      // .ci/run sums the counts from this file.
      reporters: ["default", "json"],
      outputFile: { json: "test-results/vitest.json" },
      projects: [
        {
          // Everything that runs inside workerd, against a D1 built from migrations/.
          // HEIC photo fixtures are imported as files (Vite knows the other image types).
          assetsInclude: ["**/*.heic"],
          plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" }, miniflare: {
                bindings: { TEST_MIGRATIONS: migrations, FUZZ_RUNS: process.env.FUZZ_RUNS ?? "40", GRIDSTATION_ENV: "development" },
                // Tests drive the webhook consumer themselves; a queue no consumer reads keeps the
                // background out of their way (test/node/webhooks.test.ts runs the real queue).
                queueProducers: { WEBHOOKS: { queueName: "gridstation-webhooks-in-tests" } },
              }, })],
          test: { name: "workers", include: ["test/**/*.test.ts"], exclude: ["test/browser/**", "test/node/**"], setupFiles: ["./test/apply-migrations.ts"] },
        },
        {
          // From Node: Chromium against `wrangler dev`, and the wrangler CLI (backups).
          test: {
            name: "node",
            include: ["test/browser/**/*.test.ts", "test/node/**/*.test.ts"],
            environment: "node",
            globalSetup: ["./test/browser/server.ts"],
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
