// The standards' schemas on a clone without the shared folder: fetched from the code host at the
// pinned commits (here a local server standing in for it), checked against the recorded sums and
// cached; a wrong sum or no network fails with one line saying how to get them.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { locateStandards, STANDARDS, StandardsError, sharedStandardsFolders } from "../../scripts/lib/standards.ts";

const root = join(import.meta.dirname, "..", "..");
/**
 * What the fake code host serves: the team's copies, byte for byte what the real one serves at the
 * pinned commits, wherever compile-schemas found them; on a clone with no shared folder, the cache
 * compile-schemas filled and checked against the recorded sums before this test ran.
 */
const shared = sharedStandardsFolders(root).find((folder) => existsSync(folder)) ?? join(root, "test", ".generated", "standards");

/** URL path → the bytes the fake code host serves; `tampered` paths get one byte changed. */
const served = new Map<string, Buffer>();
const tampered = new Set<string>();
const requested: string[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  for (const [folder, sources] of Object.entries(STANDARDS)) {
    for (const source of sources) {
      for (const name of Object.keys(source.files)) {
        served.set(`/${source.repository}/${source.commit}/${source.path}/${name}`, readFileSync(join(shared, folder, name)));
      }
    }
  }
  server = createServer((req, res) => {
    requested.push(req.url ?? "");
    const body = served.get(req.url ?? "");
    if (!body) return res.writeHead(404).end("not found");
    res.writeHead(200).end(tampered.has(req.url ?? "") ? Buffer.concat([body, Buffer.from(" ")]) : body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "gridstation-standards-"));
  requested.length = 0;
  tampered.clear();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const missing = () => join(dir, "no-shared-folder");

describe("the standards' schemas without the shared folder", () => {
  it("are fetched at the pinned commits, checked and cached; the next run reads the cache", async () => {
    const cache = join(dir, "cache");
    expect(await locateStandards({ folders: [missing()], cache, baseUrl })).toBe(cache);
    expect(requested).toHaveLength(served.size);
    expect(requested.every((path) => /\/[0-9a-f]{40}\//.test(path))).toBe(true);
    expect(readdirSync(join(cache, "hsds-3")).sort()).toEqual([
      "openapi.json",
      "organization.json",
      "organization_list.json",
      "service.json",
      "service_at_location.json",
      "service_at_location_list.json",
      "service_list.json",
    ]);
    expect(readFileSync(join(cache, "open311-georeport-v2", "requests.json"))).toEqual(
      readFileSync(join(shared, "open311-georeport-v2", "requests.json")),
    );
    requested.length = 0;
    expect(await locateStandards({ folders: [missing()], cache, baseUrl: "http://127.0.0.1:9" })).toBe(cache);
    expect(requested).toEqual([]);
  });

  it("are taken from the shared folder when it is there, without fetching", async () => {
    expect(await locateStandards({ folders: [missing(), shared], cache: join(dir, "cache"), baseUrl })).toBe(shared);
    expect(requested).toEqual([]);
  });

  it("refuses a file whose sum is not the recorded one, keeping nothing", async () => {
    const path = [...served.keys()].find((p) => p.endsWith("/schema/compiled/service.json"))!;
    tampered.add(path);
    const cache = join(dir, "cache");
    const error = await locateStandards({ folders: [missing()], cache, baseUrl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StandardsError);
    expect((error as Error).message).toContain(`${baseUrl}${path} has SHA-256`);
    expect((error as Error).message).toContain("5cd7c2ecb5776947e437a4d5b9656f9a80db56bef3ad49f5bb142d49dbe66156");
    expect(existsSync(cache)).toBe(false);
  });

  it("fetches again when the cache is incomplete or altered", async () => {
    const cache = join(dir, "cache");
    await locateStandards({ folders: [missing()], cache, baseUrl });
    rmSync(join(cache, "hsds-3", "openapi.json"));
    requested.length = 0;
    await locateStandards({ folders: [missing()], cache, baseUrl });
    expect(requested).toHaveLength(served.size);
    expect(existsSync(join(cache, "hsds-3", "openapi.json"))).toBe(true);
  });

  it("with neither the folder nor the network, compile-schemas fails with one line saying how to get them", async () => {
    const run = await promisify(execFile)(process.execPath, [join(root, "scripts/compile-schemas.ts")], {
      env: {
        ...process.env,
        GRIDSTATION_STANDARDS: missing(),
        GRIDSTATION_STANDARDS_CACHE: join(dir, "cache"),
        // A port nothing listens on: no network.
        GRIDSTATION_STANDARDS_URL: "http://127.0.0.1:9",
      },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^compile-schemas: no standards folder at .*no-shared-folder and could not fetch http:\/\/127\.0\.0\.1:9\//);
    expect(lines[0]).toContain("put the team's shared/standards beside the checkout, set GRIDSTATION_STANDARDS");
    expect(existsSync(join(dir, "cache"))).toBe(false);
  });
});
