// Every cache an isolate keeps lives as long as the isolate, on Workers in 128 MB and on the Node
// runtime for months: each must have a bound. IsolateCache carries its own (entries, and bytes
// where sizes vary; tested in test/isolate-cache.test.ts and test/ready-pages.test.ts); a plain
// Map kept at module level is listed here with what bounds it, so that a new one is a decision.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");

const BOUNDED_MAPS: Record<string, string> = {
  "worker/lib/hmac.ts keys": "one per configured secret",
  "worker/lib/secret-box.ts keys": "one per configured secret",
  "worker/staff/dashboard.ts dashboards": "one per shape: area or district, and the queue's kind",
  "worker/resident/form-token.ts issued": "this window's tokens only, one per secret and active station",
  "worker/resident/ready-pages.tsx answerHeaders": "one per language and text mode",
  "worker/circle.ts roleOrder": "filled once, never written",
};

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Module-level `const|let name = new Map` (or an object holding one), and every IsolateCache. */
function caches() {
  const found: { name: string; kind: "map" | "isolate"; line: string }[] = [];
  for (const file of [...sources(join(root, "worker")), ...sources(join(root, "portal"))]) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const match = /^(?:export )?(?:const|let) (\w+)(?::[^=]+)? = (.*)$/.exec(line);
      if (!match) continue;
      const name = `${relative(root, file)} ${match[1]}`;
      if (/new IsolateCache\b/.test(match[2]!)) found.push({ name, kind: "isolate", line });
      else if (/new Map\b/.test(match[2]!)) found.push({ name, kind: "map", line });
    }
  }
  return found;
}

describe("the caches an isolate keeps", () => {
  it("are IsolateCaches with both bounds given, or Maps listed here with what bounds them", () => {
    const all = caches();
    expect(all.length).toBeGreaterThan(5);
    for (const cache of all) {
      if (cache.kind === "isolate") expect(cache.line, cache.name).toMatch(/new IsolateCache<.+>\([^,]+, [\d_]+[,)]/);
      else expect(BOUNDED_MAPS, `${cache.name}: a Map kept for the isolate's life needs a bound`).toHaveProperty([cache.name]);
    }
    const listed = new Set(all.filter((c) => c.kind === "map").map((c) => c.name));
    expect(Object.keys(BOUNDED_MAPS).filter((name) => !listed.has(name))).toEqual([]);
  });
});
