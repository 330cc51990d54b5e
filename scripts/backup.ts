// `npm run backup [-- --remote]`: exports the D1 database (schema and data) to
// backups/gridstation-<local|remote>-<date>.sql with `wrangler d1 export`, and the residents'
// photos from R2 beside it, in backups/gridstation-<local|remote>-<date>-photos/ (one file per
// object, named by its key). `npm run backup -- --restore-photos FOLDER [--remote]` puts such a
// folder's photos back; the database is restored with `wrangler d1 execute DB --file FILE`.
// With GRIDSTATION_RUNTIME=node: backups/gridstation-selfhost-<date>.sqlite (SQLite's online backup
// of the self-hosted file) and its photos; restore by putting the file back while the server is stopped.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { databaseFile, dataFolder } from "../selfhost/paths.ts";
import { configOver, openPlatform, persistTo, ROOT, selfHosted, wrangler } from "./lib/platform.ts";

export interface Backup {
  file: string;
  photosFolder: string;
  photos: number;
}

const progress = (text: string) => process.stdout.isTTY && process.stdout.write(`\r${text}`);

export async function backup(options: { remote: boolean; folder?: string }): Promise<Backup> {
  const folder = options.folder ?? join(ROOT, "backups");
  mkdirSync(folder, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  let file: string;
  if (selfHosted()) {
    // SQLite's online backup: a consistent copy while the server keeps serving.
    file = join(folder, `gridstation-selfhost-${stamp}.sqlite`);
    const db = new Database(databaseFile(dataFolder()), { readonly: true });
    try {
      await db.backup(file);
    } finally {
      db.close();
    }
  } else {
    file = join(folder, `gridstation-${options.remote ? "remote" : "local"}-${stamp}.sql`);
    const where = options.remote ? ["--remote"] : ["--local", ...(persistTo() ? ["--config", configOver(persistTo()!)] : [])];
    wrangler(["d1", "export", "DB", ...where, "--output", file], { quiet: true });
  }
  const photosFolder = file.replace(/\.(sql|sqlite)$/, "-photos");
  const photos = await copyPhotosOut(options.remote, photosFolder);
  return { file, photosFolder, photos };
}

async function copyPhotosOut(remote: boolean, folder: string): Promise<number> {
  const { photos, dispose } = await openPlatform(remote);
  let copied = 0;
  try {
    mkdirSync(folder, { recursive: true });
    let cursor: string | undefined;
    do {
      const page = await photos.list({ cursor, limit: 500 });
      for (const { key } of page.objects) {
        const object = await photos.get(key);
        if (!object) continue; // erased meanwhile (retention)
        const path = join(folder, key);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, new Uint8Array(await object.arrayBuffer()));
        progress(`photos: ${++copied}`);
      }
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
  } finally {
    await dispose();
  }
  return copied;
}

const MIME = { jpg: "image/jpeg", png: "image/png", webp: "image/webp", heic: "image/heic" } as Record<string, string>;

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/** Puts a backup's photos back under their keys (existing objects of the same key are replaced). */
export async function restorePhotos(folder: string, remote: boolean): Promise<number> {
  const { photos, dispose } = await openPlatform(remote);
  let restored = 0;
  try {
    for (const path of filesUnder(folder)) {
      const key = relative(folder, path).split("\\").join("/");
      const contentType = MIME[key.split(".").pop() ?? ""];
      await photos.put(key, readFileSync(path), contentType ? { httpMetadata: { contentType } } : {});
      progress(`photos: ${++restored}`);
    }
  } finally {
    await dispose();
  }
  return restored;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { remote: { type: "boolean", default: false }, "restore-photos": { type: "string" } } });
  if (values["restore-photos"]) {
    const restored = await restorePhotos(values["restore-photos"], values.remote);
    console.log(`\nRestored ${restored} photos from ${values["restore-photos"]}`);
  } else {
    const { file, photosFolder, photos } = await backup({ remote: values.remote });
    console.log(`\nExported the database to ${file} and ${photos} photos to ${photosFolder}`);
  }
}
