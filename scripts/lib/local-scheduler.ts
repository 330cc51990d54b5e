// `wrangler dev` does not run Cron Triggers by itself (it offers /cdn-cgi/local/scheduled to run
// them by hand), so on a developer's machine `npm start` runs them on wrangler.toml's schedule:
// the demo's cases are urged, flagged overdue and closed as they would be when deployed.
import { join } from "node:path";
import { Cron } from "croner";
import { readWranglerConfig } from "../../selfhost/wrangler-config.ts";
import { ROOT } from "./platform.ts";

/** Runs the scheduled handler of the development server at `origin` once, now. */
async function runScheduledOnce(origin: string, cron: string): Promise<void> {
  const answer = await fetch(`${origin}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cron)}`);
  if (!answer.ok) throw new Error(`the scheduled handler answered ${answer.status}`);
}

/**
 * Runs the scheduled work once at start (a demo database loaded days ago is brought up to date)
 * and, with `repeat`, on each of wrangler.toml's cron schedules; never two runs of one at once.
 * The self-hosted server keeps the schedule itself (selfhost/server.ts), so it needs only the first run.
 */
export function runLocalScheduler(origin: string, { repeat }: { repeat: boolean }): { stop: () => void; first: Promise<void> } {
  const crons = readWranglerConfig(join(ROOT, "wrangler.toml")).crons;
  const run = (cron: string) =>
    runScheduledOnce(origin, cron).catch((error: unknown) => console.error(`scheduler: ${error instanceof Error ? error.message : error}`));
  const first = crons[0] ? run(crons[0]) : Promise.resolve();
  const jobs = repeat ? crons.map((pattern) => new Cron(pattern, { protect: true, timezone: "UTC" }, () => run(pattern))) : [];
  const stop = () => {
    for (const job of jobs) job.stop();
  };
  return { stop, first };
}
