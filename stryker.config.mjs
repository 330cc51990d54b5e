// @ts-check
/**
 * `npm run mutate`: mutation testing of the domain folders with Stryker and its vitest runner
 * (the shared suite on the self-hosted runtime, see vitest.mutate.config.ts). Not part of CI: it
 * takes long. Run it before a large change; the score per folder goes into README.md and the
 * closing note. `MUTATE=worker/auth/**\/*.ts npm run mutate` runs one folder.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "vitest.mutate.config.ts" },
  mutate: process.env.MUTATE
    ? process.env.MUTATE.split(",")
    : ["worker/workflow/**/*.ts", "worker/auth/**/*.ts", "worker/cases/**/*.ts", "worker/open311/**/*.ts", "worker/resident/**/*.ts"],
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  tempDirName: ".stryker-tmp",
  ignorePatterns: ["bench", "backups", ".wrangler", "test-results", "reports", "public/docs/assets"],
};
