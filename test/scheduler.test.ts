import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseEvent, caseTable } from "../schema/case.ts";
import worker from "../worker/index.ts";
import { FEEDBACK_WINDOW_MS } from "../worker/workflow/time-limits.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json } from "./helpers/worker.ts";

const HOUR = 3600 * 1000;

/** Runs the worker's own scheduled() handler as the Cron Trigger would, at a fixed instant. */
async function cron(at: Date) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at.getTime(), cron: "*/5 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function eventsOf(id: string) {
  return db().select().from(caseEvent).where(eq(caseEvent.caseId, id)).orderBy(caseEvent.id);
}

async function row(id: string) {
  return (await db().query.caseTable.findFirst({ where: eq(caseTable.id, id) }))!;
}

let grid: Record<string, string>;
beforeAll(async () => {
  await seedDemo();
  grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
});

describe("the scheduled handler", () => {
  it("urges an overdue case once per period and flags it overdue", async () => {
    const filed = await fileCase({ ...REPORT, category: "emergency", description: "楼道内有燃气泄漏的味道" });
    const due = Date.parse(filed.due_at); // emergencies: 2 hours
    await cron(new Date(due - 60_000));
    expect((await eventsOf(filed.id)).map((e) => e.action)).toEqual(["create"]);

    await cron(new Date(due + 60_000));
    await cron(new Date(due + 60_000)); // same instant again: nothing more
    await cron(new Date(due + HOUR)); // within the 2-hour period: nothing more
    let events = await eventsOf(filed.id);
    expect(events.map((e) => [e.action, e.actor, e.public])).toEqual([
      ["create", `api_key:${events[0]!.actor.split(":")[1]}`, true],
      ["urge", "system", true],
    ]);
    expect(await row(filed.id)).toMatchObject({ overdue: true, urgeCount: 1 });

    await cron(new Date(due + 2 * HOUR + 60_000)); // the next period
    events = await eventsOf(filed.id);
    expect(events.filter((e) => e.action === "urge")).toHaveLength(2);

    const overdueList = await json(await call("/api/v1/cases?overdue=true", { headers: grid }));
    expect(overdueList.items.map((c: { id: string }) => c.id)).toContain(filed.id);
  });

  it("stops urging once a new level takes the case over with a new clock", async () => {
    const filed = await fileCase();
    const due = Date.parse(filed.due_at);
    await cron(new Date(due + 1000));
    expect((await row(filed.id)).overdue).toBe(true);
    const escalated = await actOk(filed.id, "escalate", grid, { reason: "逾期上报社区" });
    expect(escalated.overdue).toBe(false);
    await cron(new Date(due + 2000));
    expect((await eventsOf(filed.id)).filter((e) => e.action === "urge")).toHaveLength(1);
  });

  it("closes a resolved case when the feedback window passes, once", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "accept", grid);
    const resolved = await actOk(filed.id, "resolve", grid, { resolution: "已清理" });
    const resolvedAt = Date.parse(resolved.resolved_at!);

    await cron(new Date(resolvedAt + FEEDBACK_WINDOW_MS - 60_000));
    expect((await row(filed.id)).status).toBe("resolved");
    await cron(new Date(resolvedAt + FEEDBACK_WINDOW_MS + 60_000));
    await cron(new Date(resolvedAt + FEEDBACK_WINDOW_MS + 120_000));
    expect(await row(filed.id)).toMatchObject({ status: "closed", satisfaction: null });
    const closes = (await eventsOf(filed.id)).filter((e) => e.action === "auto_close");
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ actor: "system", fromStatus: "resolved", toStatus: "closed" });
  });
});
