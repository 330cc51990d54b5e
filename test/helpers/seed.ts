import { type Directory, generateDirectory } from "../../scripts/seed/generate.ts";
import { loadDirectory } from "../../scripts/seed/load.ts";
import { db } from "./worker.ts";

let demo: Directory | undefined;

/** The demo district, generated once per test file and loaded into this file's database. */
export function demoDirectory(): Directory {
  demo ??= generateDirectory("demo");
  return demo;
}

export async function seedDemo() {
  await loadDirectory(db(), demoDirectory());
  return demoDirectory();
}
