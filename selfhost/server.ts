// The self-hosted GridStation: the worker module on Node.js over SQLite, for a district's own server.
// `node dist/selfhost/server.mjs` (built by `npm run build:selfhost`); `npm run selfhost` in development.

import type { IncomingMessage } from "node:http";
import { join, relative } from "node:path";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Cron } from "croner";
import { Hono } from "hono";
import { ConfigError, parseConfig } from "../worker/config.ts";
import { withClientAddress } from "./client-address.ts";
import { projectRoot } from "./paths.ts";
import { createRuntime } from "./runtime.ts";

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? "127.0.0.1";
/** Behind nginx (deploy/nginx.conf), the client's address is in X-Real-IP; never trust it otherwise. */
const trustProxy = process.env.GRIDSTATION_TRUST_PROXY === "true";

let runtime: ReturnType<typeof createRuntime>;
let development = false;
try {
  runtime = createRuntime();
  // A bad environment fails here, at start, rather than on the first request.
  development = parseConfig(runtime.platform.env).development;
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`gridstation: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
if (runtime.platform.migrated.length > 0) console.log(`gridstation: applied ${runtime.platform.migrated.length} migrations`);

const root = projectRoot();
const app = new Hono<{ Bindings: { incoming: IncomingMessage } }>();
// The API reference's bundle, the icon and robots.txt, as Workers' static assets serve them ahead
// of the worker (wrangler.toml [assets] run_worker_first).
const assets = serveStatic({ root: relative(process.cwd(), join(root, "public")) || "." });
for (const path of runtime.config.staticPaths) app.get(path, assets);
if (development) {
  // As `wrangler dev` offers it on a developer's machine: the Cron Trigger's work run now, as if
  // at `?time=` (ms since 1970), so a test sees what a later run does without waiting for it.
  app.get("/cdn-cgi/local/scheduled", async (c) => {
    const time = Number(c.req.query("time") ?? Date.now());
    if (!Number.isFinite(time)) return c.text("time: milliseconds since 1970", 400);
    await runtime.scheduled(new Date(time), c.req.query("cron"));
    return c.text("ok");
  });
}
app.all("*", (c) => runtime.fetch(withClientAddress(c.req.raw, c.env.incoming, trustProxy)));

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(
    `gridstation: serving on http://${info.address}:${info.port} (data in ${process.env.GRIDSTATION_DATA ?? join(root, "data")})`,
  );
});

// The Cron Trigger: every five minutes, never two runs at once.
const crons = runtime.config.crons.map(
  (pattern) =>
    new Cron(pattern, { protect: true, timezone: "UTC" }, async () =>
      runtime
        .scheduled(new Date(), pattern)
        .catch((error) => console.error(JSON.stringify({ msg: "scheduler failed", error: String(error) }))),
    ),
);

// The queue consumers: due messages are delivered as soon as they are due, one pass at a time.
let stopping = false;
let polling: Promise<void> = Promise.resolve();
async function pollQueues() {
  while (!stopping) {
    const delivered = await runtime.drainQueues().catch((error) => {
      console.error(JSON.stringify({ msg: "queue failed", error: String(error) }));
      return 0;
    });
    if (delivered === 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
polling = pollQueues();

// SIGTERM (systemd's stop): no new requests, finish what runs, close the database.
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`gridstation: ${signal}, shutting down`);
  for (const cron of crons) cron.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await polling;
  await runtime.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
