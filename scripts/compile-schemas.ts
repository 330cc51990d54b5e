// Compiles the public standards' JSON Schemas (../shared/standards) into one self-contained ES
// module of ajv validators for the tests. ajv generates code with `new Function`, which workerd
// forbids, so the code is generated here in Node (ajv standalone) and bundled with esbuild.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import addFormats from "ajv-formats";
import { build } from "esbuild";
import { locateStandards, RAW_BASE_URL, StandardsError, sharedStandardsFolders } from "./lib/standards.ts";

const root = join(import.meta.dirname, "..");
const out = join(root, "test", ".generated");

let standards: string;
try {
  standards = await locateStandards({
    folders: sharedStandardsFolders(root),
    cache: process.env.GRIDSTATION_STANDARDS_CACHE ?? join(out, "standards"),
    // A mirror of the code host's raw files (mainland networks reach it badly), serving the same paths.
    baseUrl: process.env.GRIDSTATION_STANDARDS_URL ?? RAW_BASE_URL,
  });
} catch (error) {
  if (!(error instanceof StandardsError)) throw error;
  console.error(`compile-schemas: ${error.message}`);
  process.exit(1);
}

const SCHEMAS: Record<string, string[]> = {
  "open311-georeport-v2": ["service", "services", "service-definition", "request", "requests"],
  "hsds-3": ["service", "service_list", "organization", "organization_list", "service_at_location", "service_at_location_list"],
};

/**
 * Responses described only in a standard's OpenAPI document, by export name and path. HSDS's
 * `*_list` schemas are the items of a list; the `Page` envelope around them is in openapi.json.
 */
const OPENAPI_RESPONSES: Record<string, Record<string, string>> = {
  "hsds-3": {
    api_info: "/",
    services_page: "/services",
    organizations_page: "/organizations",
    service_at_locations_page: "/service_at_locations",
  },
};
/** Where HSDS's OpenAPI document points for the compiled schemas this folder holds. */
const HSDS_SCHEMA_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const hasLocalRef = (node: Json): boolean =>
  Array.isArray(node)
    ? node.some(hasLocalRef)
    : node !== null && typeof node === "object"
      ? Object.entries(node).some(([k, v]) => (k === "$ref" && typeof v === "string" && v.startsWith("#")) || hasLocalRef(v))
      : false;

/**
 * Moves every object schema into one shared document per folder, identical ones once, and refers
 * to it. HSDS's compiled schemas inline each related object wherever it appears (a phone, an
 * attribute, ten levels deep): compiled as they are they make 14 MB of validator code, shared
 * they make a few hundred KB. Validation is unchanged: a $ref to an identical schema.
 */
function share(node: Json, shared: Record<string, Json>): Json {
  if (Array.isArray(node)) return node.map((item) => share(item, shared));
  if (node === null || typeof node !== "object") return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, share(v, shared)]));
  if (copy.type !== "object" || copy.properties === undefined || hasLocalRef(copy)) return copy;
  const name = `o${createHash("sha256").update(JSON.stringify(copy)).digest("hex").slice(0, 16)}`;
  shared[name] = copy;
  return { $ref: `shared.json#/definitions/${name}` };
}

/** A 200 response's schema from an OpenAPI document, its component and schema refs resolved. */
function openapiResponse(
  // biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document read from JSON, walked by the path the caller names
  document: { paths: Record<string, any>; components: { schemas: Record<string, Json> } },
  path: string,
): Json {
  const resolve = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(resolve);
    if (node === null || typeof node !== "object") return node;
    const ref = node.$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/schemas/")) return resolve(document.components.schemas[ref.slice(21)]!);
    if (typeof ref === "string" && ref.startsWith(HSDS_SCHEMA_URL)) return { $ref: ref.slice(HSDS_SCHEMA_URL.length) };
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve(document.paths[path].get.responses["200"].content["application/json"].schema);
}

// Large inlined schemas would undo the sharing above.
const ajv = new Ajv({ code: { source: true, esm: true }, strict: false, allErrors: true, inlineRefs: false });
addFormats.default(ajv);
const exports: Record<string, string> = {};
for (const [folder, names] of Object.entries(SCHEMAS)) {
  const prefix = folder.split("-")[0];
  // Keys carry the folder, so both standards' `service.json` coexist and relative refs stay inside a folder.
  const key = (name: string) => `${folder}/${name}.json`;
  const shared: Record<string, Json> = {};
  for (const name of names) {
    ajv.addSchema(share(JSON.parse(readFileSync(join(standards, folder, `${name}.json`), "utf8")), shared) as object, key(name));
    exports[`${prefix}_${name.replace(/-/g, "_")}`] = key(name);
  }
  const responses = OPENAPI_RESPONSES[folder] ?? {};
  const openapi = Object.keys(responses).length > 0 ? JSON.parse(readFileSync(join(standards, folder, "openapi.json"), "utf8")) : null;
  for (const [name, path] of Object.entries(responses)) {
    ajv.addSchema(openapiResponse(openapi, path) as object, key(`openapi-${name}`));
    exports[`${prefix}_${name}`] = key(`openapi-${name}`);
  }
  ajv.addSchema({ definitions: shared }, key("shared"));
}

mkdirSync(out, { recursive: true });
const source = join(out, "validators.source.js");
// ajv is CommonJS: under Node's ESM loader its function sits on `default`.
const generate = (standaloneCode as unknown as { default: typeof standaloneCode }).default;
writeFileSync(source, generate(ajv, exports));
await build({
  entryPoints: [source],
  bundle: true,
  format: "esm",
  platform: "neutral",
  outfile: join(out, "validators.js"),
  logLevel: "warning",
});
rmSync(source);
const declarations = Object.keys(exports)
  .map((name) => `export declare const ${name}: ((data: unknown) => boolean) & { errors?: unknown[] | null };`)
  .join("\n");
writeFileSync(join(out, "validators.d.ts"), `// Generated by scripts/compile-schemas.ts\n${declarations}\n`);
