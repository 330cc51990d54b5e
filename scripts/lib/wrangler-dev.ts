// `wrangler dev` as the bench, the D1 cost tool and the browser tests start it: on 127.0.0.1,
// without telemetry, its output kept quiet but for errors on stderr.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./platform.ts";

/** Starts `wrangler dev` on 127.0.0.1 at `port` with the further arguments given. */
export function startWranglerDev(port: number, args: string[]): ChildProcess {
  return spawn(
    join(ROOT, "node_modules/.bin/wrangler"),
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--var", "GRIDSTATION_ENV:development", ...args],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
}

/**
 * Starts the self-hosted server (dist/selfhost/server.mjs, built first) on 127.0.0.1 over the
 * data folder `data`, in development mode, with further variables. Port 0 (the default) lets the
 * system choose a free one, which `origin` gives once the server says where it listens: a port
 * picked beforehand could be taken meanwhile (wrangler dev opens ports of its own).
 */
export function startSelfhost(
  data: string,
  variables: Record<string, string> = {},
  port = 0,
): { child: ChildProcess; origin: Promise<string> } {
  const child = spawn(process.execPath, [join(ROOT, "dist/selfhost/server.mjs")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...variables, GRIDSTATION_ENV: "development", GRIDSTATION_DATA: data, PORT: String(port), HOST: "127.0.0.1" },
  });
  const origin = new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      const match = /serving on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the self-hosted server exited with ${code}`)));
  });
  return { child, origin };
}

/** Waits until `url` answers 2xx, failing early when wrangler exits and after `ms`. */
export async function waitForAnswer(url: string, child: ChildProcess, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}
