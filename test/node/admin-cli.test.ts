// `npm run admin` as an operator runs it: --help, the lists, a change and its audit entry.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const data = mkdtempSync(join(tmpdir(), "gridstation-admin-cli-"));
const env = { ...process.env, GRIDSTATION_RUNTIME: "node", GRIDSTATION_DATA: data };
const admin = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "scripts/admin.ts"), ...args], { cwd: ROOT, env, encoding: "utf8" });

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, "scripts/seed.ts"), "--scale", "demo"], { cwd: ROOT, env, stdio: "ignore" });
}, 60_000);
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe("npm run admin", () => {
  it("answers --help with the commands and the roles, and exits 0", () => {
    const help = admin("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("areas list [--under ID|PATH]");
    expect(help.stdout).toContain("departments list");
    expect(help.stdout).toMatch(/grid_worker +专职网格员 \(Grid worker\)/);
  });

  it("names the problem and shows the usage for no command or an unknown one (exit 2)", () => {
    for (const args of [[], ["staff", "fire"]]) {
      const run = admin(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/admin: (no command given|unknown command: staff fire)/);
      expect(run.stderr).toContain("roles (--role):");
    }
  });

  it("lists areas as a tree of paths and names, and the departments", () => {
    const areas = admin("areas", "list", "--under", "jh05", "--depth", "1");
    expect(areas.status).toBe(0);
    expect(areas.stdout.split("\n").slice(0, 2)).toEqual([
      "/xhl/jh/jh05/  同心园社区  (community)",
      "  /xhl/jh/jh05/jh0501/  同心园社区第1网格  (grid)",
    ]);
    const departments = admin("departments", "list");
    expect(departments.stdout).toContain("market_supervision  区市场监督管理局");
  });

  it("creates a member of staff and writes the audit log naming the operator", async () => {
    const created = admin(
      "staff",
      "create",
      "--phone",
      "13700007777",
      "--name",
      "命令行",
      "--role",
      "grid_worker",
      "--area",
      "jh0501",
      "--password",
      "long enough secret",
    );
    expect(created.status).toBe(0);
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(join(data, "gridstation.sqlite"), { readonly: true });
    const entry = db.prepare("SELECT actor_id, actor_name, action, entity_id FROM audit_event WHERE entity_id = ?").get("13700007777");
    db.close();
    expect(entry).toMatchObject({ actor_id: 0, action: "staff.create" });
    expect((entry as { actor_name: string }).actor_name).toMatch(/^npm run admin \(.+\)$/);
  });
});
