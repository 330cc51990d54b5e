import { Buffer } from "node:buffer";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const tables = ["area", "station", "contact", "department", "staff", "case", "case_event", "case_counter"];
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function scratch(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `gridstation-${name}-`));
  made.push(dir);
  return dir;
}

async function counts(state: string) {
  process.env.GRIDSTATION_PERSIST_TO = state;
  const { openDatabase } = await import("../../scripts/lib/platform.ts");
  const { db, dispose } = await openDatabase(false);
  try {
    const d1 = db.$client;
    const result: Record<string, number> = {};
    for (const table of tables) result[table] = (await d1.prepare(`SELECT count(*) AS n FROM "${table}"`).first<{ n: number }>())?.n ?? -1;
    return result;
  } finally {
    await dispose();
  }
}

async function withPhotos<T>(state: string, work: (bucket: R2Bucket) => Promise<T>): Promise<T> {
  process.env.GRIDSTATION_PERSIST_TO = state;
  const { openPlatform } = await import("../../scripts/lib/platform.ts");
  const { photos, dispose } = await openPlatform(false);
  try {
    return await work(photos);
  } finally {
    await dispose();
  }
}

describe("npm run backup", () => {
  it("exports a database and its photos that restore into a fresh one with the same rows and objects", async () => {
    const source = scratch("source");
    process.env.GRIDSTATION_PERSIST_TO = source;
    const { seed } = await import("../../scripts/seed.ts");
    await seed({ scale: "demo", cases: 60, reset: false, remote: false });
    // A resident's photo, as the report form stores it.
    const photo = new Uint8Array(readFileSync(join(import.meta.dirname, "../fixtures/photos/jpeg-progressive.jpg")));
    await withPhotos(
      source,
      async (bucket) => void (await bucket.put("photos/abc123.jpg", photo, { httpMetadata: { contentType: "image/jpeg" } })),
    );
    const { backup, restorePhotos } = await import("../../scripts/backup.ts");
    const { file, photosFolder, photos } = await backup({ remote: false, folder: scratch("backups") });
    expect(file).toMatch(/gridstation-local-\d{4}-\d{2}-\d{2}T[\d-]+Z\.sql$/);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(photos).toBe(1);
    expect(readFileSync(join(photosFolder, "photos/abc123.jpg")).equals(Buffer.from(photo))).toBe(true);

    const restored = scratch("restored");
    const { wrangler } = await import("../../scripts/lib/platform.ts");
    wrangler(["d1", "execute", "DB", "--local", "--persist-to", restored, "--file", file, "--yes"], { quiet: true });
    const before = await counts(source);
    expect(before.case).toBe(60);
    expect(await counts(restored)).toEqual(before);
    process.env.GRIDSTATION_PERSIST_TO = restored;
    expect(await restorePhotos(photosFolder, false)).toBe(1);
    const back = await withPhotos(restored, async (bucket) => {
      const object = await bucket.get("photos/abc123.jpg");
      return { bytes: Buffer.from(await object!.arrayBuffer()), type: object!.httpMetadata?.contentType };
    });
    expect(back.bytes.equals(Buffer.from(photo))).toBe(true);
    expect(back.type).toBe("image/jpeg");
  }, 120_000);

  it("copies the self-hosted database file and its photos (GRIDSTATION_RUNTIME=node)", async () => {
    const data = scratch("selfhost-data");
    Object.assign(process.env, { GRIDSTATION_RUNTIME: "node", GRIDSTATION_DATA: data });
    try {
      const { seed } = await import("../../scripts/seed.ts");
      await seed({ scale: "demo", cases: 30, reset: false, remote: false });
      const photo = new Uint8Array(readFileSync(join(import.meta.dirname, "../fixtures/photos/png-text-exif.png")));
      await withPhotos(
        data,
        async (bucket) => void (await bucket.put("photos/def456.png", photo, { httpMetadata: { contentType: "image/png" } })),
      );
      const { backup } = await import("../../scripts/backup.ts");
      const { tableCounts } = await import("../../scripts/move.ts");
      const { file, photosFolder, photos } = await backup({ remote: false, folder: scratch("selfhost-backups") });
      expect(file).toMatch(/gridstation-selfhost-.*\.sqlite$/);
      expect(tableCounts(file)).toEqual(tableCounts(join(data, "gridstation.sqlite")));
      expect(tableCounts(file).case).toBe(30);
      expect(photos).toBe(1);
      expect(readFileSync(join(photosFolder, "photos/def456.png")).equals(Buffer.from(photo))).toBe(true);
    } finally {
      delete process.env.GRIDSTATION_RUNTIME;
      delete process.env.GRIDSTATION_DATA;
    }
  }, 120_000);
});
