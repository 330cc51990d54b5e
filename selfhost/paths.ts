import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Where the checkout (or an unpacked build) is: the folder holding wrangler.toml, migrations/ and
 * public/, found from this file's place whether it runs from source or from dist/selfhost/.
 */
export function projectRoot(): string {
  if (process.env.GRIDSTATION_ROOT) return resolve(process.env.GRIDSTATION_ROOT);
  let dir = import.meta.dirname;
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, "wrangler.toml"))) return dir;
    dir = dirname(dir);
  }
  throw new Error("wrangler.toml not found above selfhost/: set GRIDSTATION_ROOT to the folder that holds it");
}

/** The data folder: the database file and the photos (GRIDSTATION_DATA, default `data/` in the checkout). */
export function dataFolder(root = projectRoot()): string {
  return resolve(process.env.GRIDSTATION_DATA ?? join(root, "data"));
}

export const databaseFile = (data: string) => join(data, "gridstation.sqlite");
export const photosFolder = (data: string) => join(data, "photos");
