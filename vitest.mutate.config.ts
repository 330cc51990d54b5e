import { defineConfig } from "vitest/config";
import { selfhostProject } from "./vitest.workers.ts";

// `npm run mutate`: Stryker runs the shared suite on the self-hosted runtime (Node and
// better-sqlite3). It is the same suite CI runs inside workerd, but on Node Stryker can see which
// tests cover which mutant (perTest coverage), so each mutant runs only the tests that reach it:
// hours inside workerd, minutes here. test/selfhost/ starts servers as child processes, whose
// coverage Stryker cannot see, so it stays out.
export default defineConfig(() => {
  const project = selfhostProject();
  return {
    ...project,
    test: { ...project.test, exclude: [...project.test.exclude, "test/selfhost/**"] },
  };
});
