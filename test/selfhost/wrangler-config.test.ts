// What the self-hosted runtime reads from wrangler.toml beyond the bindings: the static files.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../selfhost/paths.ts";
import { readWranglerConfig } from "../../selfhost/wrangler-config.ts";

const folder = mkdtempSync(join(tmpdir(), "gridstation-wrangler-config-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function configWith(assets: string): string {
  const path = join(folder, `${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(path, `name = "test"\n\n[assets]\ndirectory = "./public"\n${assets}\n`);
  return path;
}

describe("the static paths", () => {
  it("are the paths run_worker_first leaves to the assets", () => {
    expect(readWranglerConfig(join(projectRoot(), "wrangler.toml")).staticPaths).toEqual([
      "/docs/assets/*",
      "/favicon.ico",
      "/favicon.svg",
      "/robots.txt",
    ]);
    expect(readWranglerConfig(configWith("run_worker_first = true")).staticPaths).toEqual([]);
    expect(readWranglerConfig(configWith("")).staticPaths).toEqual([]);
  });

  it("refuse a pattern the self-hosted router would read otherwise than Workers", () => {
    expect(() => readWranglerConfig(configWith('run_worker_first = ["/*", "!/*.png"]'))).toThrow(/\/\*\.png is neither/);
    expect(() => readWranglerConfig(configWith('run_worker_first = ["/*", "!/img/*/icon.png"]'))).toThrow(/neither/);
  });
});
