// The self-hosted server as an operator starts it: refusing a bad environment, serving, stopping.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSelfhost } from "../../scripts/build-selfhost.ts";

let server = "";
const folders: string[] = [];
beforeAll(async () => {
  server = await buildSelfhost();
}, 120_000);
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const data = mkdtempSync(join(tmpdir(), "gridstation-server-test-"));
  folders.push(data);
  const child = spawn(process.execPath, [server], {
    env: { PATH: process.env.PATH ?? "", GRIDSTATION_DATA: data, HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe("the self-hosted server", () => {
  it("refuses to start with wrangler.toml's development secrets", async () => {
    // Unset, the secrets would be wrangler.toml's development values.
    const run = start({ PORT: "0" });
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("FORM_SECRET is the development value");
    const dev = start({ PORT: "0", FORM_SECRET: "local-development-form-secret", ENCRYPTION_KEY: "local-development-encryption-key" });
    expect(await dev.exited).toBe(2);
    expect(dev.output()).toContain("development value");
  });

  it("migrates, serves, and stops on SIGTERM after draining", async () => {
    // Port 0: the system picks a free one, and the server says which.
    const run = start({
      PORT: "0",
      FORM_SECRET: "a long random form secret for the test",
      ENCRYPTION_KEY: "a long random encryption key for the test",
    });
    let origin: string | undefined;
    for (let i = 0; i < 100 && !origin; i++) {
      origin = /serving on (http:\/\/[\d.]+:\d+)/.exec(run.output())?.[1];
      if (!origin) await new Promise((r) => setTimeout(r, 100));
    }
    const answer = await fetch(`${origin}/healthz/db`);
    expect(answer?.status).toBe(200);
    expect(run.output()).toMatch(/applied \d+ migrations/);
    // What Workers' static assets answer ahead of the worker (wrangler.toml run_worker_first), from public/.
    const icon = await fetch(`${origin}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect([...new Uint8Array(await icon.arrayBuffer()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(await (await fetch(`${origin}/robots.txt`)).text()).toContain("Disallow: /staff\n");
    expect((await fetch(`${origin}/docs/assets/scalar-api-reference.js`)).status).toBe(200);
    // Running the scheduler at a chosen time is for developers' machines (GRIDSTATION_ENV=development) only.
    expect((await fetch(`${origin}/cdn-cgi/local/scheduled?time=0`)).status).toBe(404);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("SIGTERM, shutting down");
  }, 30_000);
});
