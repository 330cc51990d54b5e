// `redocly lint` with its recommended rules over the document the running worker serves: no error
// and no warning. The CLI runs offline: telemetry and the update check are off.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const redocly = join(root, "node_modules", ".bin", "redocly");

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

async function lint(document: string): Promise<LintReport> {
  const dir = mkdtempSync(join(tmpdir(), "gridstation-lint-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, document);
    // Exit code 1 on errors: the report on stdout says which, so read it either way.
    const run = await promisify(execFile)(redocly, ["lint", "--extends=recommended", "--format=json", file], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    }).catch((error: { stdout: string }) => error);
    return JSON.parse(run.stdout) as LintReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("GET /openapi.json under redocly lint (recommended)", () => {
  it("has no error and no warning", async () => {
    const [server] = inject("servers");
    const response = await fetch(`${server!.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    const report = await lint(await response.text());
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`);
    expect(problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });

  it("finds what the rules look for (a document without operationIds, license or security)", async () => {
    const [server] = inject("servers");
    const document = (await (await fetch(`${server!.baseUrl}/openapi.json`)).json()) as {
      info: { license?: unknown };
      paths: Record<string, Record<string, { operationId?: string; security?: unknown }>>;
    };
    delete document.info.license;
    const stations = document.paths["/api/v1/stations"]!.get!;
    delete stations.operationId;
    delete stations.security;
    const report = await lint(JSON.stringify(document));
    expect(report.problems.map((p) => p.ruleId).sort()).toEqual(["info-license", "operation-operationId", "security-defined"]);
  });
});
