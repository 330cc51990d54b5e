import { defineConfig } from "vitest/config";
import { selfhostProject } from "./vitest.workers.ts";

// `npm run mutate`: Stryker runs the shared suite on the self-hosted runtime (Node and
// better-sqlite3). It is the same suite CI runs inside workerd, but on Node Stryker can see which
// tests cover which mutant (perTest coverage), so each mutant runs only the tests that reach it:
// about 50 minutes for the five folders on two cores, against about four hours inside workerd.
export default defineConfig(() => selfhostProject({ withServerTests: false }));
