// `npm start`: migrate the local D1, load the demo district when it is empty, copy the browser
// assets, and serve with wrangler dev on 127.0.0.1:${PORT:-8787}; then print one ready sign-in per
// staff role and run the Cron Trigger's work on its schedule (wrangler dev does not).
// `npm run selfhost` (GRIDSTATION_RUNTIME=node): the same over the self-hosted runtime, Node.js and
// a SQLite file in GRIDSTATION_DATA (default data/), built first with esbuild.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { buildSelfhost } from "./build-selfhost.ts";
import { runLocalScheduler } from "./lib/local-scheduler.ts";
import { openDatabase, persistTo, ROOT, selfHosted } from "./lib/platform.ts";
import { waitForAnswer } from "./lib/wrangler-dev.ts";
import { type DemoSignIn, ensureDemoSignIns, formatDemoSignIns } from "./seed/demo-sign-ins.ts";
import { seed } from "./seed.ts";
import "./copy-assets.ts";

const port = process.env.PORT ?? "8787";
const host = selfHosted() ? (process.env.HOST ?? "127.0.0.1") : "127.0.0.1";
// A few hundred cases so the status pages and statistics have something to show; a fifth of them
// filed in the last fortnight, so the open work is due around today.
const loaded = await seed({ scale: "demo", cases: 400, reset: false, remote: false, ifEmpty: true, recentShare: 0.2 });
if (!loaded) console.log("The local database already holds a directory; serving it as it is.");

async function demoSignIns(): Promise<DemoSignIn[]> {
  const { db, dispose } = await openDatabase(false);
  try {
    return await ensureDemoSignIns(db, { remote: false });
  } finally {
    await dispose();
  }
}
const signIns = await demoSignIns();

const server = selfHosted()
  ? spawn(process.execPath, ["--enable-source-maps", await buildSelfhost()], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, GRIDSTATION_ENV: "development", PORT: port, HOST: host },
    })
  : spawn(
      join(ROOT, "node_modules/.bin/wrangler"),
      [
        "dev",
        "--ip",
        "127.0.0.1",
        "--port",
        port,
        "--var",
        "GRIDSTATION_ENV:development",
        // The scheduler runs below; this also quiets wrangler's "not automatically triggered" warning.
        "--test-scheduled",
        ...(persistTo() ? ["--persist-to", persistTo()!] : []),
        ...process.argv.slice(2),
      ],
      {
        cwd: ROOT,
        stdio: "inherit",
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      },
    );
let scheduler: { stop: () => void } | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    scheduler?.stop();
    server.kill(signal);
  });
server.on("exit", (code) => {
  scheduler?.stop();
  process.exit(code ?? 0);
});

const origin = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
await waitForAnswer(`${origin}/healthz`, server, 180_000);
scheduler = runLocalScheduler(origin, { repeat: !selfHosted() });
console.log(formatDemoSignIns(signIns, origin));
