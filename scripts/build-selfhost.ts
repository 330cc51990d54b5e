// `npm run build:selfhost`: bundles the self-hosted server (selfhost/server.ts with the worker and
// its libraries) into dist/selfhost/server.mjs. better-sqlite3 and sharp stay outside: they are
// native modules, installed with `npm ci --omit=dev` where the server runs (deploy/Dockerfile).

import { join } from "node:path";
import { build } from "esbuild";
import { ROOT } from "./lib/platform.ts";

export async function buildSelfhost(): Promise<string> {
  const outfile = join(ROOT, "dist/selfhost/server.mjs");
  await build({
    entryPoints: [join(ROOT, "selfhost/server.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: true,
    external: ["better-sqlite3", "sharp"],
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    // Bundled CommonJS dependencies may call require(); ESM has none of its own.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: "warning",
  });
  return outfile;
}

if (import.meta.main) console.log(`built ${await buildSelfhost()}`);
