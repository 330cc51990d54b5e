// clients/ts as a third party gets it: packed with `npm pack`, installed into an empty project (no
// network: openapi-fetch and its one dependency are packed from this repository's node_modules),
// type-checked there, and the README's example run with plain Node against both runtimes.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const client = join(root, "clients", "ts");
/** npm as the shell finds it (beside whichever Node runs the tests). */
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

/** The directory of an installed package, as the client package would find it. */
function packageDir(name: string, from: string): string {
  return dirname(createRequire(join(from, "package.json")).resolve(`${name}/package.json`));
}

/** The first ```ts block of the README: the example a newcomer copies. */
function readmeExample(): string {
  const match = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(client, "README.md"), "utf8"));
  if (!match?.[1]) throw new Error("clients/ts/README.md has no ```ts example");
  return match[1];
}

/** tsc as a TypeScript user would run it: strict, Node's module resolution, Node's types (process.env). */
const typecheck = [
  tsc,
  "--noEmit",
  "--strict",
  "--module",
  "nodenext",
  "--target",
  "es2022",
  "--lib",
  "es2022,dom",
  "--typeRoots",
  join(root, "node_modules", "@types"),
  "--types",
  "node",
];

let project: string;

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), "gridstation-client-user-"));
  const packs = join(project, "packs");
  mkdirSync(packs);
  // `npm pack` runs the package's prepack: the build into dist/.
  await run(npm, ["pack", "--pack-destination", packs, "--silent"], { cwd: client });
  const fetchDir = packageDir("openapi-fetch", client);
  for (const dir of [fetchDir, packageDir("openapi-typescript-helpers", fetchDir)]) {
    await run(npm, ["pack", dir, "--pack-destination", packs, "--silent", "--ignore-scripts"], { cwd: project });
  }
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "a-city-app", private: true, type: "module" }));
  const tarballs = readdirSync(packs).map((file) => join(packs, file));
  await run(npm, ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", ...tarballs], { cwd: project });
  writeFileSync(join(project, "example.ts"), readmeExample());
}, 180_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("the client package (clients/ts)", () => {
  it("ships JavaScript and declarations, with openapi-fetch as its dependency", () => {
    const installed = join(project, "node_modules", "@gridstation", "client");
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    expect(manifest.dependencies).toEqual({ "openapi-fetch": "^0.17.0" });
    expect(readdirSync(join(installed, "dist")).sort()).toEqual(["index.d.ts", "index.js", "schema.d.ts"]);
    expect(readdirSync(installed).sort()).toEqual(["README.md", "dist", "package.json"]);
  });

  it("type-checks the README's example in the empty project (strict, Node's module resolution)", async () => {
    const checked = await run(process.execPath, [...typecheck, "example.ts"], { cwd: project }).catch((error: { stdout: string }) => ({
      stdout: error.stdout,
      failed: true,
    }));
    expect(checked.stdout).toBe("");
  });

  it("refuses, in the types, a case filed without an Idempotency-Key", async () => {
    const forgot = readmeExample()
      .split("\n")
      .filter((line) => !line.includes('"idempotency-key"'))
      .join("\n");
    expect(forgot).not.toBe(readmeExample());
    writeFileSync(join(project, "forgot.ts"), forgot);
    const checked = await run(process.execPath, [...typecheck, "forgot.ts"], { cwd: project }).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    expect(checked).toMatch(/forgot\.ts.*error TS\d+/);
  });

  it.each(inject("servers"))("runs the README's example against $runtime", async ({ baseUrl, clientKey }) => {
    // JavaScript from the package, the example's own annotations-free TypeScript run as it is.
    const { stdout } = await run(process.execPath, ["example.ts"], {
      cwd: project,
      env: { ...process.env, GRIDSTATION_URL: baseUrl, GRIDSTATION_KEY: clientKey },
    });
    const [trackingCode, status] = stdout.trim().split(" ");
    expect(trackingCode).toMatch(/^[0-9A-Z]{10}$/);
    expect(status).toBe("已受理，待处理");
    const tracked = await fetch(`${baseUrl}/api/v1/track/${trackingCode}`);
    expect(tracked.status).toBe(200);
  });
});
