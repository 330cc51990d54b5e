// Prints CI's last line, "N passed, N failed", from the test runners' reports. A failing step
// that produced no report (the type check, a crash) counts as one failure.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const status = Number(process.argv[2] ?? 1);
const root = join(import.meta.dirname, "..");
let passed = 0;
let failed = 0;

const vitestReport = join(root, "test-results/vitest.json");
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, "utf8")) as { numPassedTests: number; numFailedTests: number };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
if (status !== 0 && failed === 0) failed = 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
