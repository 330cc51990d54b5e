// Starts the worker with `wrangler dev` on a free port over a throwaway local D1 holding the demo
// district, for the browser tests; stops it afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** An API key (cases:read, cases:write) limited to grid jh0503, which the browser tests leave alone. */
    webhookKey: string;
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
} as const;

/** The test accounts and the webhook test's API key, written before the server starts. */
async function createAccounts(): Promise<string> {
  const { openDatabase } = await import("../../scripts/lib/platform.ts");
  const { createStaffCommand } = await import("../../scripts/admin/commands.ts");
  const { issueApiKey } = await import("../../worker/auth/api-key.ts");
  const { db, dispose } = await openDatabase(false);
  try {
    for (const [who, account] of Object.entries(STAFF_ACCOUNTS)) {
      await createStaffCommand(db, { ...account, name: `测试${who}`, password: STAFF_PASSWORD });
    }
    return (await issueApiKey(db, "webhook test", ["cases:read", "cases:write"], "/xhl/jh/jh05/jh0503/")).key;
  } finally {
    await dispose();
  }
}

export default async function setup(project: TestProject) {
  const state = mkdtempSync(join(tmpdir(), "gridstation-browser-"));
  process.env.GRIDSTATION_PERSIST_TO = state;
  const { seed } = await import("../../scripts/seed.ts");
  await seed({ scale: "demo", cases: 0, reset: false, remote: false });
  const webhookKey = await createAccounts();
  const port = await freePort();
  // Webhook retries without waiting, so the end-to-end test sees the dead letters in seconds.
  const { startWranglerDev, waitForAnswer } = await import("../../scripts/lib/wrangler-dev.ts");
  const child = startWranglerDev(port, ["--persist-to", state, "--log-level", "warn", "--var", "WEBHOOK_RETRY_BASE_SECONDS:0"]);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForAnswer(`${baseUrl}/healthz`, child);
  project.provide("baseUrl", baseUrl);
  project.provide("webhookKey", webhookKey);
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(state, { recursive: true, force: true });
  };
}
