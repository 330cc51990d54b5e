import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { SourceMap } from "node:module";
import { join } from "node:path";

// CPU profiles of the workers inside wrangler dev's workerd (the app, and miniflare's own workers:
// local D1 runs as one), through the Chrome DevTools Protocol's Profiler domain on workerd's own
// inspector, summed per function and per source file.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const within = <T>(ms: number, promise: Promise<T>) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("inspector timeout")), ms))]);

/** A CDP session over one inspector target's WebSocket. */
async function open(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id === undefined) return;
    pending.get(message.id)?.(message.result);
    pending.delete(message.id);
  });
  const call = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve) => {
      const id = ++next;
      pending.set(id, resolve as (result: unknown) => void);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { call, close: () => socket.close() };
}

/**
 * A session whose first call was answered. The first session on a freshly started workerd was
 * seen never to open or never to answer; a second one then works, so a silent one is replaced.
 */
async function connect(url: string) {
  for (let attempt = 1; ; attempt++) {
    let session: Awaited<ReturnType<typeof open>> | undefined;
    try {
      session = await within(2000, open(url));
      await within(2000, session.call("Profiler.enable"));
      return session;
    } catch (error) {
      session?.close();
      if (attempt === 5) throw error;
    }
  }
}

/** Where a sample's time goes: the package under node_modules, or the project's own file. */
function fileOf(url: string): string {
  if (!url) return "(runtime)";
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  return url.replace(/^.*?\/(worker|portal|schema)\//, "$1/");
}

export interface ProfileSummary {
  totalMs: number;
  functions: { name: string; selfMs: number; totalMs: number }[];
  files: { file: string; selfMs: number }[];
}

/**
 * Self time per function and file, and inclusive time per function (counted once per sample).
 * Frames of the bundle (`bundleUrl`) are named by their place in the sources through its map.
 */
function summarize(profile: Profile, bundle?: { url: string; map: SourceMap }): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const place = (frame: ProfileNode["callFrame"]) => {
    if (bundle && frame.url === bundle.url) {
      const entry = bundle.map.findEntry(frame.lineNumber, frame.columnNumber);
      if ("originalSource" in entry) return { file: fileOf(entry.originalSource), line: entry.originalLine + 1 };
    }
    return { file: fileOf(frame.url), line: frame.lineNumber + 1 };
  };
  const label = (node: ProfileNode) => {
    const { file, line } = place(node.callFrame);
    return `${node.callFrame.functionName || "(anonymous)"} ${file}:${line}`;
  };
  const fileOfNode = (node: ProfileNode) => place(node.callFrame).file;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const files = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((sample, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const node = byId.get(sample);
    if (!node || node.callFrame.functionName === "(idle)") return;
    totalUs += us;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    files.set(fileOfNode(node), (files.get(fileOfNode(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const name = label(byId.get(id)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  });
  const ms = (us: number) => Math.round(us / 100) / 10;
  return {
    totalMs: ms(totalUs),
    functions: [...self]
      .map(([name, us]) => ({ name, selfMs: ms(us), totalMs: ms(inclusive.get(name) ?? us) }))
      .sort((a, b) => b.selfMs - a.selfMs),
    files: [...files].map(([file, us]) => ({ file, selfMs: ms(us) })).sort((a, b) => b.selfMs - a.selfMs),
  };
}

/** Process ids under `root` (itself included), from Linux's /proc. */
function processTree(root: number): number[] {
  const found: number[] = [];
  const pending = [root];
  while (pending.length) {
    const pid = pending.pop()!;
    found.push(pid);
    try {
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
      if (children) pending.push(...children.split(" ").map(Number));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Loopback ports the processes listen on: /proc/net/tcp's listening sockets matched to their fds. */
function listeningPorts(pids: number[]): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: "utf8" });
        if (link.startsWith("socket:[")) inodes.add(link.slice(8, -1));
      }
    } catch {
      // not ours to read, or gone
    }
  }
  return readFileSync("/proc/net/tcp", "utf8")
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === "0A" && inodes.has(f[9]!)) // 0A: LISTEN
    .map((f) => parseInt(f[1]!.split(":")[1]!, 16));
}

/**
 * The address of workerd's own inspector under a process (wrangler dev starts workerd with
 * `--inspector-addr=127.0.0.1:0`, so the port is found among those it listens on): the one that
 * lists the app's worker. Its targets are every worker of the runtime, miniflare's included,
 * where wrangler's `--inspector-port` proxy shows only the app.
 */
export async function workerdInspector(root: number): Promise<string> {
  for (const port of listeningPorts(processTree(root))) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(1000) })).json()) as {
        id?: string;
      }[];
      if (Array.isArray(targets) && targets.some((t) => t.id?.startsWith("core:user:"))) return `127.0.0.1:${port}`;
    } catch {
      // not the inspector
    }
  }
  throw new Error("no workerd inspector found (start wrangler dev with --inspector-port)");
}

/**
 * The source map of the bundle `wrangler dev` (run in `root`) serves, whose frames the profile
 * names `index.js`: the newest under .wrangler/tmp.
 */
export function devBundle(root: string): { url: string; mapFile: string } | undefined {
  const tmp = join(root, ".wrangler", "tmp");
  const maps = readdirSync(tmp)
    .filter((dir) => dir.startsWith("dev-"))
    .map((dir) => join(tmp, dir, "index.js.map"))
    .filter((file) => existsSync(file))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return maps[0] ? { url: "index.js", mapFile: maps[0] } : undefined;
}

/**
 * Starts sampling the named workers (`core:user:<name>` is the app, `d1:db` the local D1);
 * `poke` is a request that reaches all of them. The returned function stops and summarizes each.
 */
export async function startProfiling(
  inspector: string,
  workers: string[],
  poke: () => Promise<unknown>,
  options: { intervalUs?: number; bundle?: { url: string; mapFile: string } } = {},
) {
  const intervalUs = options.intervalUs ?? 200;
  const targets = (await (await fetch(`http://${inspector}/json`)).json()) as { id: string; webSocketDebuggerUrl: string }[];
  const sessions: { worker: string; session: Awaited<ReturnType<typeof connect>> }[] = [];
  // One at a time: two sessions opened at once on workerd's inspector left one unanswered.
  await whilePoking(poke, async () => {
    for (const worker of workers) {
      const target = targets.find((t) => t.id === worker);
      if (!target) throw new Error(`no worker ${worker} on the inspector (${targets.map((t) => t.id).join(", ")})`);
      const session = await connect(target.webSocketDebuggerUrl);
      await session.call("Profiler.setSamplingInterval", { interval: intervalUs });
      await session.call("Profiler.start");
      sessions.push({ worker, session });
    }
  });
  return () =>
    whilePoking(poke, async () => {
      const summaries = new Map<string, ProfileSummary>();
      const bundle = options.bundle && {
        url: options.bundle.url,
        map: new SourceMap(JSON.parse(readFileSync(options.bundle.mapFile, "utf8"))),
      };
      for (const { worker, session } of sessions) {
        const { profile } = await session.call<{ profile: Profile }>("Profiler.stop");
        session.close();
        summaries.set(worker, summarize(profile, bundle));
      }
      return summaries;
    });
}

/**
 * workerd's inspector answers a worker only while that worker runs (an idle one leaves the
 * upgrade and every message waiting), so a request reaching it is sent every 50 ms meanwhile.
 */
async function whilePoking<T>(poke: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void poke().catch(() => {}), 50);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** The summary as text: the files, then the functions with the most self time. */
export function formatProfile(summary: ProfileSummary, requests: number, top = 25): string {
  const share = (ms: number) => `${((ms / summary.totalMs) * 100).toFixed(1).padStart(5)} %`;
  const perRequest = (ms: number) =>
    `${Math.round((ms * 1000) / Math.max(1, requests))
      .toString()
      .padStart(5)} µs/req`;
  return [
    `worker CPU sampled: ${summary.totalMs} ms over ${requests} requests (${perRequest(summary.totalMs).trim()})`,
    "by file (self time):",
    ...summary.files.slice(0, 12).map((f) => `  ${share(f.selfMs)} ${perRequest(f.selfMs)}  ${f.file}`),
    `top ${top} functions (self time, inclusive):`,
    ...summary.functions.slice(0, top).map((f) => `  ${share(f.selfMs)} ${perRequest(f.selfMs)}  incl ${share(f.totalMs)}  ${f.name}`),
  ].join("\n");
}
