import { defineConfig } from "vitest/config";
import { selfhostProject, workersProject } from "./vitest.workers.ts";

export default defineConfig(async () => ({
  test: {
    // .ci/run sums the counts from this file.
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
    projects: [
      await workersProject(),
      selfhostProject(),
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
}));
