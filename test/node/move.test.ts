// Moving a district from D1 to its own server and back (scripts/move.ts), with wrangler's local D1.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const scratch = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `gridstation-${name}-`));
  made.push(dir);
  return dir;
};

/** The local D1's file under a persist folder, as wrangler keeps it. */
async function d1File(state: string) {
  const { readdirSync } = await import("node:fs");
  const folder = join(state, "v3/d1/miniflare-D1DatabaseObject");
  return join(folder, readdirSync(folder).find((f) => f.endsWith(".sqlite"))!);
}

describe("npm run move", () => {
  it("moves a D1 database into a self-hosted file and back, table by table", async () => {
    const source = scratch("move-d1");
    process.env.GRIDSTATION_PERSIST_TO = source;
    const { seed } = await import("../../scripts/seed.ts");
    await seed({ scale: "demo", cases: 50, reset: false, remote: false });
    const { tableCounts, toD1, toSelfhost } = await import("../../scripts/move.ts");
    const before = tableCounts(await d1File(source));
    expect(before.case).toBe(50);
    expect(before.d1_migrations).toBeGreaterThan(15);

    const file = toSelfhost({ remote: false, file: join(scratch("move-selfhost"), "gridstation.sqlite") });
    const moved = tableCounts(file);
    expect(moved).toEqual(before);
    // The self-hosted runtime takes it as it is: nothing left to migrate, every route's data there.
    const { SqliteD1 } = await import("../../selfhost/d1.ts");
    const { applyMigrations } = await import("../../selfhost/migrate.ts");
    const db = new SqliteD1(file);
    expect(applyMigrations(db, join(import.meta.dirname, "../../migrations"))).toEqual([]);
    db.close();

    const back = scratch("move-back");
    process.env.GRIDSTATION_PERSIST_TO = back;
    toD1({ remote: false, file });
    expect(tableCounts(await d1File(back))).toEqual(before);
  }, 180_000);
});
