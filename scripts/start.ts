// `npm start`: migrate the local D1, load the demo district when it is empty, copy the browser
// assets, and serve with wrangler dev on 127.0.0.1:${PORT:-8787}.
// `npm run selfhost` (GRIDSTATION_RUNTIME=node): the same over the self-hosted runtime, Node.js and
// a SQLite file in GRIDSTATION_DATA (default data/), built first with esbuild.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { buildSelfhost } from "./build-selfhost.ts";
import { ROOT, selfHosted } from "./lib/platform.ts";
import { seed } from "./seed.ts";
import "./copy-assets.ts";

const port = process.env.PORT ?? "8787";
// A few hundred cases so the status pages and statistics have something to show.
const loaded = await seed({ scale: "demo", cases: 400, reset: false, remote: false, ifEmpty: true });
if (!loaded) console.log("The local database already holds a directory; serving it as it is.");

const server = selfHosted()
  ? spawn(process.execPath, ["--enable-source-maps", await buildSelfhost()], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, GRIDSTATION_ENV: "development", PORT: port, HOST: process.env.HOST ?? "127.0.0.1" },
    })
  : spawn(
      join(ROOT, "node_modules/.bin/wrangler"),
      ["dev", "--ip", "127.0.0.1", "--port", port, "--var", "GRIDSTATION_ENV:development", ...process.argv.slice(2)],
      {
        cwd: ROOT,
        stdio: "inherit",
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
      },
    );
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
