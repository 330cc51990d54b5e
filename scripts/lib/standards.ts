// Where the public standards' JSON Schemas come from for the tests (scripts/compile-schemas.ts):
// the team's shared folder beside the checkout when it is there; otherwise the official
// repositories at pinned commits, each file checked against its recorded SHA-256 and cached.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";

/**
 * The standards live in the team's shared folder, laid beside the project's checkout (or beside
 * the checkout a clone came from). A clone made anywhere else fetches them from their official
 * repositories at pinned commits into test/.generated/standards.
 */
export function sharedStandardsFolders(root: string): string[] {
  if (process.env.GRIDSTATION_STANDARDS) return [process.env.GRIDSTATION_STANDARDS];
  const candidates = [join(root, "..", "shared", "standards")];
  try {
    const origin = execFileSync("git", ["remote", "get-url", "origin"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    if (isAbsolute(origin)) candidates.push(join(origin, "..", "shared", "standards"));
  } catch {
    // not a git checkout, or no origin: only the folder beside this one
  }
  return candidates;
}

interface Source {
  /** owner/name on the public code host. */
  repository: string;
  commit: string;
  /** The folder in the repository holding the files. */
  path: string;
  /** File name → SHA-256 of the bytes served at the commit. */
  files: Record<string, string>;
}

/**
 * The files the tests read, by the folder they go in. The shared folder's copies are byte for byte
 * these (checked when they were pinned); HSDS's `openapi.json` sits one folder above its compiled schemas.
 */
export const STANDARDS: Record<string, Source[]> = {
  "open311-georeport-v2": [
    {
      repository: "open311/schema-validation",
      commit: "47e06a443f3620b51d7dfb107e1b4d39898d7a1a",
      path: "schema/georeport-v2",
      files: {
        "service.json": "3b46ef5fffec98b3638873f45dc6a675d051bf097119114414be08eac39ab961",
        "services.json": "e97115ff427221f21b704edf042dddd96c7b21856689e0c0cd6e59350969dce2",
        "service-definition.json": "7fd24252050788877aa14671b64fd2b80c49e691a8ca57126160bd09948e9eb8",
        "request.json": "0491c947b970e245dbbf310480dba4929fd30965e2fb92560aa40ecefcf1c8ba",
        "requests.json": "21d5e0c7786a80045eec0137598c24746d7e6a2c9875c647433998e5962c61f5",
      },
    },
  ],
  "hsds-3": [
    {
      repository: "openreferral/specification",
      commit: "279fd2eb3552c349bf698c07c00cc25f5fc8249b",
      path: "schema/compiled",
      files: {
        "service.json": "5cd7c2ecb5776947e437a4d5b9656f9a80db56bef3ad49f5bb142d49dbe66156",
        "service_list.json": "251cc879b756b1a444c5c95ff45887e09363e3fd7ad9d8691a1131b3ecd4ff4e",
        "organization.json": "e429ffe3b585da12da10b75cf30dfc0a67ef96b34f5e1b21141a2b627ca28119",
        "organization_list.json": "0305c7ef394a29c91ac2dae1725ac0d31140343c2241417a482c5eb0f831dbeb",
        "service_at_location.json": "2327ab495f61e4f8a25f8f13bc65427788849afb7b8be6ee455f799b412d2ffe",
        "service_at_location_list.json": "03655d6ddd2c42b460ac6d9e82884a47711dfb6717820f6a0c44fa8ad1796fdb",
      },
    },
    {
      repository: "openreferral/specification",
      commit: "279fd2eb3552c349bf698c07c00cc25f5fc8249b",
      path: "schema",
      files: { "openapi.json": "3c473df56617f5e642f86e0a9ed7ee182a22eecf6f94dd1b91c50511fbbba34d" },
    },
  ],
};

export const RAW_BASE_URL = "https://raw.githubusercontent.com";

export class StandardsError extends Error {}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function* everyFile() {
  for (const [folder, sources] of Object.entries(STANDARDS)) {
    for (const source of sources) {
      for (const [name, sum] of Object.entries(source.files)) yield { folder, source, name, sum };
    }
  }
}

/** Whether `dir` holds every file with its recorded sum (a cache half written or tampered with does not count). */
function complete(dir: string): boolean {
  for (const { folder, name, sum } of everyFile()) {
    const file = join(dir, folder, name);
    if (!existsSync(file) || sha256(readFileSync(file)) !== sum) return false;
  }
  return true;
}

/**
 * Every file from the repositories at their commits into `cache`, each checked against its sum
 * before any is kept: a wrong one leaves the cache as it was.
 */
async function download(cache: string, baseUrl: string): Promise<void> {
  const staging = `${cache}.partial`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const { folder, source, name, sum } of everyFile()) {
      const url = `${baseUrl}/${source.repository}/${source.commit}/${source.path}/${name}`;
      let bytes: Uint8Array;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw new StandardsError(`could not fetch ${url} (${(error as Error).message})`);
      }
      const got = sha256(bytes);
      if (got !== sum) throw new StandardsError(`${url} has SHA-256 ${got}, not the recorded ${sum}; nothing was kept`);
      mkdirSync(join(staging, folder), { recursive: true });
      writeFileSync(join(staging, folder, name), bytes);
    }
    mkdirSync(dirname(cache), { recursive: true });
    rmSync(cache, { recursive: true, force: true });
    renameSync(staging, cache);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export interface Lookup {
  /** Folders to use as they are, first found wins (the shared folder beside the checkout). */
  folders: string[];
  /** Where fetched files are kept (git-ignored). */
  cache: string;
  baseUrl?: string;
}

/** A folder holding the standards' files: a shared one, the cache, or the cache filled now. */
export async function locateStandards({ folders, cache, baseUrl = RAW_BASE_URL }: Lookup): Promise<string> {
  const found = folders.find((folder) => existsSync(folder));
  if (found) return found;
  if (complete(cache)) return cache;
  try {
    await download(cache, baseUrl);
  } catch (error) {
    if (!(error instanceof StandardsError)) throw error;
    throw new StandardsError(
      `no standards folder at ${folders.join(" or ")} and ${error.message}: ` +
        `put the team's shared/standards beside the checkout, set GRIDSTATION_STANDARDS to a folder holding them, or run once with access to ${new URL(baseUrl).host}`,
    );
  }
  return cache;
}
