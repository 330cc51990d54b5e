import { defineConfig } from "vitest/config";
import { workersProject } from "./vitest.workers.ts";

// `npm run mutate`: Stryker runs the workers suite only (the domain code lives there; the browser
// and CLI tests start servers and would make every mutant take minutes).
export default defineConfig(async () => ({ test: { projects: [await workersProject()] } }));
