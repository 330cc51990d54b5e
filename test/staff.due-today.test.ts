import { env } from "cloudflare:workers";
import { eq, getTableColumns } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { caseTable } from "../schema/case.ts";
import { DUE_TODAY_CAP } from "../worker/staff/dashboard.ts";
import { fileCase } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { figure } from "./helpers/staff-pages.ts";
import { call, db } from "./helpers/worker.ts";

let street: Record<string, string>;
let grid: Record<string, string>;

/** Copies a case `n` times under new ids and tracking codes (and no idempotency key), in one statement. */
async function copies(id: string, n: number) {
  // The schema's keys are camelCase; the columns are snake_case (casing: "snake_case").
  const names = Object.keys(getTableColumns(caseTable)).map((key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  const values = names.map((name) =>
    name === "id"
      ? `'COPY' || printf('%06d', i)`
      : name === "tracking_code"
        ? `'CP' || printf('%06d', i)`
        : name === "idempotency_key"
          ? "NULL"
          : `"${name}"`,
  );
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?1)
     INSERT INTO "case" (${names.map((n) => `"${n}"`).join(", ")}) SELECT ${values.join(", ")} FROM seq, "case" WHERE id = ?2`,
  )
    .bind(n, id)
    .run();
}

/**
 * A fixed clock (the app's too: it runs in this isolate): Wednesday 4 March 2026, 10:00 in
 * Shanghai, so "due today" and "resolved this week" never straddle a midnight or a Monday.
 */
const NOW = new Date("2026-03-04T02:00:00Z");
/** 16:00 in Shanghai on the same day. */
const LATER_TODAY = new Date("2026-03-04T08:00:00Z");

afterAll(() => {
  vi.useRealTimers();
});

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  await seedDemo();
  street = (await signIn("street_officer", { area: "jh" })).headers;
  grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
  const waiting = await fileCase();
  await db().update(caseTable).set({ dueAt: LATER_TODAY }).where(eq(caseTable.id, waiting.id));
  await copies(waiting.id, DUE_TODAY_CAP + 5);
});

describe("cases due today on the dashboard", () => {
  it("are counted up to the cap and shown as more than it beyond", async () => {
    const html = await (await call("/staff", { headers: street })).text();
    expect(figure(html, "今日到期")).toBe(`${DUE_TODAY_CAP}+`);
  });

  it("are counted exactly below the cap", async () => {
    const [{ n }] = (
      await env.DB.prepare(`SELECT count(*) AS n FROM "case" WHERE area_path LIKE '/xhl/jh/jh05/jh0501/%'`).all<{ n: number }>()
    ).results as [{ n: number }];
    expect(n).toBe(DUE_TODAY_CAP + 6);
    // Every copy is in the grid too, so the grid worker sees the cap as well; move all but three away.
    await env.DB.prepare(`UPDATE "case" SET due_at = due_at + 86400000 * 3 WHERE id LIKE 'COPY%' AND id > 'COPY000003'`).run();
    const html = await (await call("/staff", { headers: grid })).text();
    expect(figure(html, "今日到期")).toBe("4");
  });
});
