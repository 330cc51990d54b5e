// `npm run seed -- --scale demo|district [--cases N] [--reset] [--remote]`: loads a generated district.
import { parseArgs } from "node:util";
import { refillPairings } from "../worker/hsds/pairing-store.ts";
import { refillStationPages } from "../worker/resident/station-page-store.ts";
import { migrate, openDatabase } from "./lib/platform.ts";
import { progressLine } from "./lib/progress.ts";
import { countsOf, generateDirectory, type Scale } from "./seed/generate.ts";
import { clearDirectory, isDirectoryEmpty, loadCases, loadDirectory } from "./seed/load.ts";

const USAGE = "usage: npm run seed -- --scale demo|district [--cases N] [--reset] [--remote]";

export async function seed(options: {
  scale: Scale;
  cases: number;
  reset: boolean;
  remote: boolean;
  ifEmpty?: boolean;
  /** The share of cases filed in the last fortnight (the demo's open work; scripts/seed/cases.ts). */
  recentShare?: number;
}) {
  migrate(options.remote);
  const { db, dispose } = await openDatabase(options.remote);
  try {
    if (!(await isDirectoryEmpty(db))) {
      if (options.ifEmpty) {
        // A database from before station pages and pairings were kept ready (or changed by hand) gets them now.
        await refillStationPages(db);
        await refillPairings(db);
        return false;
      }
      if (!options.reset) throw new Error("the database already holds a directory; pass --reset to replace it");
      await clearDirectory(db);
    }
    const started = Date.now();
    const directory = generateDirectory(options.scale);
    const progress = progressLine(`seed ${options.scale}`);
    const rows = await loadDirectory(db, directory, (done, total, table) => progress(done, total, table));
    progress.done();
    if (options.cases > 0) {
      const caseProgress = progressLine("cases");
      const counterProgress = progressLine("counters");
      await loadCases(
        db,
        directory,
        options.cases,
        new Date(),
        (done, total, table) => {
          if (table === "counter") {
            if (done === total) caseProgress.done();
            counterProgress(done, total);
          } else caseProgress(done, total);
        },
        { recentShare: options.recentShare ?? 0 },
      );
      counterProgress.done();
    }
    const counts = { ...countsOf(directory), cases: options.cases };
    console.log(
      `Loaded ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(", "),
    );
    return true;
  } finally {
    await dispose();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "demo" },
      reset: { type: "boolean", default: false },
      remote: { type: "boolean", default: false },
      cases: { type: "string" },
    },
  });
  if (values.scale !== "demo" && values.scale !== "district") {
    console.error(`seed: unknown scale ${values.scale}\n${USAGE}`);
    process.exit(2);
  }
  const cases = Number(values.cases ?? 0);
  if (!Number.isInteger(cases) || cases < 0) {
    console.error(`seed: --cases takes a whole number\n${USAGE}`);
    process.exit(2);
  }
  seed({ scale: values.scale, cases, reset: values.reset, remote: values.remote }).catch((error: unknown) => {
    console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
