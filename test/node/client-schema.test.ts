import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

describe("clients/ts/schema.d.ts", () => {
  it("matches what `npm run client` generates from the current API", () => {
    const dir = mkdtempSync(join(tmpdir(), "gridstation-schema-"));
    try {
      const out = join(dir, "schema.d.ts");
      execFileSync(process.execPath, [join(root, "scripts/generate-client.ts")], {
        env: { ...process.env, CLIENT_SCHEMA_OUT: out },
        stdio: "ignore",
      });
      expect(readFileSync(join(root, "clients/ts/schema.d.ts"), "utf8"), "run `npm run client` and commit the result").toBe(
        readFileSync(out, "utf8"),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
