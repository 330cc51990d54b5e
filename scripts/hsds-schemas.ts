// Writes worker/hsds/standard-schemas.json: HSDS 3.0's compiled schemas of what /hsds serves, as
// named OpenAPI components, so /hsds/openapi.json refers to nothing on another host (tools work
// offline; mainland networks reach GitHub badly). Run after the standard's pinned schemas change:
//   node scripts/hsds-schemas.ts [standards folder]   (default: GRIDSTATION_STANDARDS or ../shared/standards)
// The compiled schemas inline every related object wherever it appears (a phone ten levels deep),
// 8 MB in all; identical objects are kept once, as components referring to each other: about 120 KB.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The compiled schemas /hsds answers with, each published under its file's name. */
const HSDS_SERVED = ["service", "organization", "service_at_location", "service_list", "organization_list", "service_at_location_list"];

const COMPONENTS = "#/components/schemas/";

/**
 * HSDS's compiled schemas as OpenAPI components: every object schema once (identical ones share
 * a component), each served schema under its file's name, the others under the object's HSDS
 * `name` (`phone`; `organization_2` for a second shape of one, the compiled files nest shallower
 * copies), referring to each other with local `$ref`s only.
 */
function sharedComponents(folder: string): Record<string, JsonObject> {
  const byHash = new Map<string, JsonObject>();
  const share = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(share);
    if (node === null || typeof node !== "object") return node;
    const copy: JsonObject = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, share(v)]));
    if (copy.type !== "object" || copy.properties === undefined) return copy;
    const hash = createHash("sha256").update(JSON.stringify(copy)).digest("hex");
    if (!byHash.has(hash)) byHash.set(hash, copy);
    return { $ref: hash };
  };
  const served = HSDS_SERVED.map((name) => {
    const top = share(JSON.parse(readFileSync(join(folder, `${name}.json`), "utf8"))) as { $ref: string };
    return [name, top.$ref] as const;
  });

  const names = new Map<string, string>(served.map(([name, hash]) => [hash, name]));
  const taken = new Set(names.values());
  for (const [hash, schema] of byHash) {
    if (names.has(hash)) continue;
    const base = typeof schema.name === "string" ? schema.name : "object";
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    names.set(hash, name);
    taken.add(name);
  }
  const rename = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(rename);
    if (node === null || typeof node !== "object") return node;
    if (typeof node.$ref === "string" && names.has(node.$ref)) return { $ref: `${COMPONENTS}${names.get(node.$ref)}` };
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rename(v)]));
  };
  return Object.fromEntries([...byHash].map(([hash, schema]) => [names.get(hash)!, rename(schema) as JsonObject]));
}

const root = join(import.meta.dirname, "..");
const standards = process.argv[2] ?? process.env.GRIDSTATION_STANDARDS ?? join(root, "..", "shared", "standards");
const components = sharedComponents(join(standards, "hsds-3"));
const out = join(root, "worker", "hsds", "standard-schemas.json");
writeFileSync(out, `${JSON.stringify(components)}\n`);
// Formatted as the repository formats JSON, so a rerun from the same standard changes nothing.
execFileSync("npx", ["biome", "format", "--write", out], { cwd: root, stdio: "ignore" });
console.log(`hsds-schemas: ${Object.keys(components).length} components from ${standards}`);
