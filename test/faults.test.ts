import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { retryTransient } from "../worker/lib/retry.ts";
import { formToken } from "./helpers/forms.ts";
import { recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db, keyHeaders } from "./helpers/worker.ts";

beforeAll(seedDemo);

/** Sends a request to a worker whose case-filing batches fail the first `failures` times, as a lost connection would. */
async function send(path: string, init: RequestInit, failures: number) {
  let left = failures;
  const { response } = await recordRequest(path, init, {
    beforeBatch: (statements) => {
      if (statements.some((s) => /^insert into "case"/.test(s.sql)) && left-- > 0) throw new Error("D1_ERROR: Network connection lost.");
    },
  });
  return response;
}

async function cases(description: string) {
  const [row] = await db().select({ n: count() }).from(caseTable).where(eq(caseTable.description, description));
  return row?.n ?? 0;
}

describe("faults", () => {
  it("retries a report after a lost connection, filing it once", async () => {
    const form = new FormData();
    form.append("token", await formToken());
    form.append("category", "dispute");
    form.append("description", "断网重试：楼下噪音");
    const res = await send("/s/JH0501V/report", { method: "POST", body: form, redirect: "manual" }, 2);
    expect(res.status).toBe(303);
    expect(await cases("断网重试：楼下噪音")).toBe(1);
  });

  it("answers 503 with Retry-After and the form kept when the write keeps failing", async () => {
    const form = new FormData();
    form.append("token", await formToken());
    form.append("category", "dispute");
    form.append("description", "一直失败：楼下噪音");
    form.append("name", "李阿姨");
    const res = await send("/s/JH0501V/report", { method: "POST", body: form, redirect: "manual" }, 10);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    const html = await res.text();
    expect(html).toContain("系统繁忙");
    expect(html).toContain("一直失败：楼下噪音");
    expect(html).toContain('value="李阿姨"');
    expect(await cases("一直失败：楼下噪音")).toBe(0);
  });

  it("answers the API with 503 unavailable and Retry-After", async () => {
    const headers = { ...(await keyHeaders("cases:write")), "content-type": "application/json", "idempotency-key": "flaky-1" };
    const body = JSON.stringify({ category: "dispute", description: "接口一直失败的上报", station_code: "JH0501V" });
    const res = await send("/api/v1/cases", { method: "POST", headers, body }, 10);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unavailable");
    // The client retries later with the same key: one case.
    const again = await send("/api/v1/cases", { method: "POST", headers, body }, 0);
    expect(again.status).toBe(201);
    expect(await cases("接口一直失败的上报")).toBe(1);
  });

  it("does not retry what is not transient", async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw new Error("UNIQUE constraint failed: case.tracking_code");
      }),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
