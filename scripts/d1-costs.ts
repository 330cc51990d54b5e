// `npm run bench:d1 -- [--state bench/tmp/state-1000000] [--rounds 10] [--batches 200] [--each]`
// What the hot statements cost the local D1 by themselves: a tiny worker served by `wrangler dev`
// on a bench data set runs each shape as a D1 batch, one after another, and times them. Time in
// workerd moves only at I/O, so a loop of awaited batches measures those batches and nothing
// else: no HTTP, no routing, no rendering, and none of the CPU profiler's distortion. Shapes take
// turns each round and each reports its median round, so a slow spell of the machine falls on all.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fillPlaceholders } from "drizzle-orm";
import { statsQueries, statsValues } from "../worker/cases/stats.ts";
import { createDatabase } from "../worker/db.ts";
import { livePageQuery, readyPageQuery } from "../worker/resident/station-page-store.ts";
import { ROOT } from "./lib/platform.ts";
import { startWranglerDev, waitForAnswer } from "./lib/wrangler-dev.ts";

const { values } = parseArgs({
  options: {
    state: { type: "string", default: join(ROOT, "bench/tmp/state-1000000") },
    rounds: { type: "string", default: "10" },
    batches: { type: "string", default: "200" },
    port: { type: "string", default: "8979" },
    // Also time each statement of a batch of several alone, to see which one costs.
    each: { type: "boolean", default: false },
  },
});
if (!existsSync(join(values.state, "v3", "d1"))) {
  console.error(`d1-costs: no local D1 in ${values.state}; run \`npm run bench\` first or pass --state`);
  process.exit(2);
}

interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * Runs the posted statements as one batch once (its rows counted, the first statement's given
 * back), then `batches` times in a row, timed: ms per batch. A GET answers once D1 does.
 */
const WORKER = `export default {
  async fetch(request, env) {
    if (request.method === "GET") return Response.json(await env.DB.prepare("SELECT 1").first());
    const { statements, batches } = await request.json();
    const make = () => statements.map((s) => env.DB.prepare(s.sql).bind(...s.params));
    const once = await env.DB.batch(make());
    const rows = once.reduce((sum, result) => sum + result.results.length, 0);
    const started = Date.now();
    for (let i = 0; i < batches; i++) await env.DB.batch(make());
    return Response.json({ ms: (Date.now() - started) / batches, rows, first: once[0].results });
  },
};`;

function serve(port: number) {
  const dir = mkdtempSync(join(tmpdir(), "gridstation-d1-costs-"));
  writeFileSync(join(dir, "index.js"), WORKER);
  writeFileSync(
    join(dir, "wrangler.toml"),
    `name = "d1-costs"\nmain = "index.js"\ncompatibility_date = "2026-11-01"\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "gridstation"\ndatabase_id = "00000000-0000-0000-0000-000000000000"\n`,
  );
  return startWranglerDev(port, ["--config", join(dir, "wrangler.toml"), "--persist-to", values.state, "--log-level", "error"]);
}

const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;

interface Timed {
  ms: number;
  rows: number;
  first: Record<string, unknown>[];
}

async function run(statements: Statement[], batches: number): Promise<Timed> {
  const response = await fetch(base, { method: "POST", body: JSON.stringify({ statements, batches }) });
  if (!response.ok) throw new Error(`d1-costs: ${response.status} ${await response.text()}`);
  return (await response.json()) as Timed;
}

// The app's own statements, built by drizzle here exactly as the worker builds them.
const db = createDatabase({} as D1Database);
const built = (query: { toSQL(): { sql: string; params: unknown[] } }, placeholders: Record<string, unknown>): Statement => {
  const { sql, params } = query.toSQL();
  return { sql, params: fillPlaceholders(params, placeholders) };
};
const literal = (sql: string): Statement => ({ sql, params: [] });

const child = serve(port);
try {
  await waitForAnswer(base, child);
  // The bench's own subjects: the poster it scans and the street with the most cases.
  const code = "JH0501V";
  const busiest = await run(
    [
      literal(
        "SELECT a.path FROM area a JOIN case_counter c ON c.scope = a.id AND c.metric = 'total' WHERE a.level = 'street' ORDER BY c.value DESC LIMIT 1",
      ),
    ],
    0,
  );
  const streetPath = String(busiest.first[0]?.path ?? "/");
  const now = new Date();
  const named: { name: string; statements: Statement[] }[] = [
    { name: "SELECT 1", statements: [literal("SELECT 1")] },
    { name: "6 × SELECT 1 in one batch", statements: Array.from({ length: 6 }, () => literal("SELECT 1")) },
    { name: "6.3 KB of ASCII", statements: [literal("SELECT printf('%.6300c', 'x')")] },
    { name: "6.3 KB of Chinese (2,100 characters)", statements: [literal("SELECT printf('%.2100c', '中')")] },
    { name: "station page, ready row", statements: [built(readyPageQuery(db), { code })] },
    { name: "station page, computed live", statements: [built(livePageQuery(db), { code })] },
    { name: "statistics of a street", statements: statsQueries(db, "path").map((q) => built(q, statsValues(streetPath, now))) },
    { name: "statistics of the district", statements: statsQueries(db, "district").map((q) => built(q, statsValues(null, now))) },
  ];
  const shapes = values.each
    ? named.flatMap((shape) =>
        shape.statements.length > 1 && !shape.statements.every((s) => s.sql === "SELECT 1")
          ? [
              shape,
              ...shape.statements.map((statement, i) => ({
                name: `… its statement ${i + 1}: ${statement.sql.slice(0, 60)}…`,
                statements: [statement],
              })),
            ]
          : [shape],
      )
    : named;
  const rounds = Math.max(1, Number(values.rounds));
  const batches = Math.max(1, Number(values.batches));
  const times: number[][] = shapes.map(() => []);
  const rows: number[] = shapes.map(() => 0);
  for (const [i, shape] of shapes.entries()) rows[i] = (await run(shape.statements, 20)).rows; // warm-up
  for (let round = 1; round <= rounds; round++) {
    process.stdout.write(`\rd1-costs: round ${round}/${rounds}, ${shapes.length} shapes × ${batches} batches`);
    for (const [i, shape] of shapes.entries()) times[i]!.push((await run(shape.statements, batches)).ms);
  }
  process.stdout.write("\n");
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[list.length >> 1]!;
  const floor = median(times[0]!);
  console.log(
    `\n| shape (data set ${values.state.replace(`${ROOT}/`, "")}, street ${streetPath}) | statements | rows | µs per batch (median) | over SELECT 1 |`,
  );
  console.log("|---|---:|---:|---:|---:|");
  for (const [i, shape] of shapes.entries()) {
    const us = median(times[i]!) * 1000;
    console.log(
      `| ${shape.name} | ${shape.statements.length} | ${rows[i]} | ${us.toFixed(0)} | ${i === 0 ? "–" : `+${(us - floor * 1000).toFixed(0)}`} |`,
    );
  }
} finally {
  child.kill("SIGTERM");
}
