// Starts the worker twice, each on a free port over throwaway demo data: with `wrangler dev` (local
// D1) and as the self-hosted Node server (SQLite); the browser and end-to-end tests run against
// both. Stops them afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

/** A server under test: workerd (`wrangler dev`) or the self-hosted Node runtime, each over its own demo data. */
export interface ServerUnderTest {
  runtime: "workerd" | "node";
  baseUrl: string;
  /** An API key (cases:read, cases:write) limited to grid jh0503, which the browser tests leave alone. */
  webhookKey: string;
  /** The same for grid jh0201, which only the client package's test files cases in. */
  clientKey: string;
  /** Which fake SMS provider this server texts through, and that fake's origin (GET /__received: what it took in). */
  smsProvider: "aliyun" | "tencent";
  smsFake: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    servers: ServerUnderTest[];
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Staff with known passwords, one per level on the way from grid jh0501 to a department. */
export const STAFF_PASSWORD = "browser test password";
export const STAFF_ACCOUNTS = {
  grid: { phone: "13800000001", role: "grid_worker", area: "jh0501" },
  community: { phone: "13800000002", role: "community_staff", area: "jh05" },
  street: { phone: "13800000003", role: "street_officer", area: "jh" },
  district: { phone: "13800000004", role: "district_dispatcher", area: "xhl" },
  market: { phone: "13800000005", role: "department_officer", department: "market_supervision" },
  // The resident trail's test enrols its own second factor (the one above belongs to the staff test).
  trailDistrict: { phone: "13800000006", role: "district_dispatcher", area: "xhl" },
} as const;

/** The test accounts and the webhook and client tests' API keys, written before the server starts. */
async function createAccounts(): Promise<{ webhookKey: string; clientKey: string }> {
  const { openDatabase } = await import("../../scripts/lib/platform.ts");
  const { createStaffCommand } = await import("../../scripts/admin/commands.ts");
  const { issueApiKey } = await import("../../worker/auth/api-key.ts");
  const { db, dispose } = await openDatabase(false);
  try {
    for (const [who, account] of Object.entries(STAFF_ACCOUNTS)) {
      await createStaffCommand(db, { ...account, name: `测试${who}`, password: STAFF_PASSWORD });
    }
    return {
      webhookKey: (await issueApiKey(db, "webhook test", ["cases:read", "cases:write"], "/xhl/jh/jh05/jh0503/")).key,
      clientKey: (await issueApiKey(db, "client test", ["cases:read", "cases:write"], "/xhl/jh/jh02/jh0201/")).key,
    };
  } finally {
    await dispose();
  }
}

/** Seeds the demo district and the test accounts into the state `variables` name. */
async function prepare(variables: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, variables);
  try {
    const { seed } = await import("../../scripts/seed.ts");
    await seed({ scale: "demo", cases: 0, reset: false, remote: false });
    return await createAccounts();
  } finally {
    for (const name of Object.keys(variables)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

export default async function setup(project: TestProject) {
  const { startSelfhost, startWranglerDev, waitForAnswer } = await import("../../scripts/lib/wrangler-dev.ts");
  const { buildSelfhost } = await import("../../scripts/build-selfhost.ts");
  const state = mkdtempSync(join(tmpdir(), "gridstation-browser-"));
  const data = mkdtempSync(join(tmpdir(), "gridstation-selfhost-"));
  const [workerdKeys, nodeKeys] = [
    await prepare({ GRIDSTATION_PERSIST_TO: state }),
    await prepare({ GRIDSTATION_RUNTIME: "node", GRIDSTATION_DATA: data }),
  ];
  await buildSelfhost();
  // SMS goes to the fake providers over HTTP, as it would go to Alibaba Cloud (workerd) and Tencent
  // Cloud (node): every report the browser tests file texts its grid worker through the real queue.
  const { startFakeProviders } = await import("../helpers/fake-sms-server.ts");
  const { fakeProviderVariables } = await import("../helpers/fake-sms.ts");
  const sms = await startFakeProviders();
  // Webhook retries without waiting, so the end-to-end test sees the dead letters in seconds; no
  // quiet hours, so the notifications' end-to-end test sends at any hour it runs.
  const { child: node, origin } = startSelfhost(data, {
    WEBHOOK_RETRY_BASE_SECONDS: "0",
    NOTIFY_QUIET_HOURS: "off",
    // Every browser test files at grid jh0501: its worker would pass the per-hour cap (tested in notify.delivery).
    NOTIFY_SMS_PER_HOUR: "10000",
    ...fakeProviderVariables("tencent", sms.url),
  });
  const nodeUrl = await origin;
  const workerdPort = await freePort();
  const wrangler = startWranglerDev(workerdPort, [
    "--persist-to",
    state,
    "--log-level",
    "warn",
    "--var",
    "WEBHOOK_RETRY_BASE_SECONDS:0",
    "--var",
    "NOTIFY_QUIET_HOURS:off",
    "--var",
    "NOTIFY_SMS_PER_HOUR:10000",
    ...Object.entries(fakeProviderVariables("aliyun", sms.url)).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
  ]);
  const servers: ServerUnderTest[] = [
    { runtime: "workerd", baseUrl: `http://127.0.0.1:${workerdPort}`, smsProvider: "aliyun", smsFake: sms.url, ...workerdKeys },
    { runtime: "node", baseUrl: nodeUrl, smsProvider: "tencent", smsFake: sms.url, ...nodeKeys },
  ];
  await Promise.all([waitForAnswer(`${servers[0]!.baseUrl}/healthz`, wrangler), waitForAnswer(`${nodeUrl}/healthz`, node)]);
  project.provide("servers", servers);
  return async () => {
    for (const child of [wrangler, node]) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    await sms.close();
    rmSync(state, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  };
}
