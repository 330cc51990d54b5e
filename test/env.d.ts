import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** Runs per property in test/fuzz.test.ts: a few in `npm test`, many in `npm run fuzz`. */
      FUZZ_RUNS: string;
    }
  }
}
