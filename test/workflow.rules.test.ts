// The workflow's rules checked on a fixed clock, with expected values written from the rules
// themselves (hours, days, statuses), never computed with the code under test.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { area } from "../schema/area.ts";
import { type CaseRow, caseCounter, caseTable } from "../schema/case.ts";
import { station } from "../schema/station.ts";
import { createCase } from "../worker/cases/create.ts";
import { giveFeedback } from "../worker/cases/tracking.ts";
import type { DomainError } from "../worker/domain-error.ts";
import { statusOf } from "../worker/errors.ts";
import { runScheduler } from "../worker/scheduler.ts";
import { ACTIONS } from "../worker/workflow/actions.ts";
import { type StaffActor, staffActorOf } from "../worker/workflow/actor.ts";
import { performAction } from "../worker/workflow/engine.ts";
import { commitTransition } from "../worker/workflow/store.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json } from "./helpers/worker.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Monday 2 March 2026, 10:00 in Shanghai: no midnight or week boundary near any step below. */
const T0 = Date.parse("2026-03-02T02:00:00Z");
const at = (ms: number) => new Date(T0 + ms);

const actors = {} as Record<"grid" | "community" | "street" | "district" | "market" | "police" | "admin", StaffActor>;

beforeAll(async () => {
  await seedDemo();
  actors.grid = staffActorOf((await signIn("grid_worker", { area: "jh0501" })).staff);
  actors.community = staffActorOf((await signIn("community_staff", { area: "jh05" })).staff);
  actors.street = staffActorOf((await signIn("street_officer", { area: "jh" })).staff);
  actors.district = staffActorOf((await signIn("district_dispatcher", { area: "xhl" })).staff);
  actors.market = staffActorOf((await signIn("department_officer", { department: "market_supervision" })).staff);
  actors.police = staffActorOf((await signIn("department_officer", { department: "public_security" })).staff);
  actors.admin = staffActorOf((await signIn("admin")).staff);
});

/** A safety hazard filed at JH0501V at `when`: 24 hours at the grid. */
async function hazard(when = at(0), stationCode = "JH0501V") {
  const filed = await createCase(
    db(),
    { category: "safety_hazard", description: "楼道堆放杂物，堵塞消防通道", stationCode },
    { channel: "api", actor: { kind: "api_key", keyId: "rules", name: "rules" }, now: when },
  );
  return filed.case;
}

const rowOf = async (id: string) => (await db().query.caseTable.findFirst({ where: eq(caseTable.id, id) }))!;
const counter = async (scope: string, metric: string) =>
  (
    await db()
      .select()
      .from(caseCounter)
      .where(and(eq(caseCounter.scope, scope), eq(caseCounter.metric, metric)))
  )[0]?.value ?? 0;
const act = (
  who: keyof typeof actors,
  caseOrId: CaseRow | string,
  action: Parameters<typeof performAction>[3],
  payload: Record<string, unknown>,
  when: Date,
) => performAction(db(), actors[who], typeof caseOrId === "string" ? caseOrId : caseOrId.id, action, payload, when);

describe("time limits", () => {
  it("gives a safety hazard 24 hours at the grid, and counts a late resolution as late by the clock", async () => {
    const c = await hazard();
    expect(c.dueAt.getTime()).toBe(T0 + 24 * HOUR);
    await act("grid", c, "accept", {}, at(HOUR));
    const onTimeBefore = await counter("jh0501", "on_time");
    // 25 hours in; the scheduler has not run, so nothing flagged it overdue.
    expect((await rowOf(c.id)).overdue).toBe(false);
    const resolved = await act("grid", c, "resolve", { resolution: "已清理" }, at(25 * HOUR));
    expect(resolved.resolvedOnTime).toBe(false);
    expect(await counter("jh0501", "on_time")).toBe(onTimeBefore);
  });

  it("gives a reopened case a new time limit from the moment the resident said no", async () => {
    const c = await hazard();
    await act("grid", c, "accept", {}, at(HOUR));
    await act("grid", c, "resolve", { resolution: "已清理" }, at(2 * HOUR));
    // The old limit (T0 + 24 h) has passed when the resident answers, 30 hours in.
    await giveFeedback(db(), c.trackingCode, "unsatisfied", "没有清理干净", at(30 * HOUR));
    const reopened = await rowOf(c.id);
    expect(reopened).toMatchObject({ status: "in_progress", overdue: false, reopenCount: 1, satisfaction: "unsatisfied" });
    expect(reopened.dueAt.getTime()).toBe(T0 + 30 * HOUR + 24 * HOUR);
  });

  it("closes a resolved case seven days after it was answered, not before", async () => {
    const c = await hazard();
    await act("grid", c, "accept", {}, at(HOUR));
    await act("grid", c, "resolve", { resolution: "已清理" }, at(2 * HOUR));
    await runScheduler(db(), at(2 * HOUR + 7 * DAY - 60_000), { photos: env.PHOTOS });
    expect((await rowOf(c.id)).status).toBe("resolved");
    await runScheduler(db(), at(2 * HOUR + 7 * DAY + 60_000), { photos: env.PHOTOS });
    expect((await rowOf(c.id)).status).toBe("closed");
  });
});

describe("urging", () => {
  it("urges a long-overdue case again a period after now, not after its old due time", async () => {
    const c = await hazard();
    // Due at 24 h; the first urge comes three days in (the cron was down, say).
    await runScheduler(db(), at(72 * HOUR), { photos: env.PHOTOS });
    const urged = await rowOf(c.id);
    expect(urged).toMatchObject({ overdue: true, urgeCount: 1 });
    // The grid's safety-hazard period is its time limit, 24 hours (at most daily).
    expect(urged.nextUrgeAt!.getTime()).toBe(T0 + 72 * HOUR + 24 * HOUR);
    await runScheduler(db(), at(72 * HOUR + 5 * 60_000), { photos: env.PHOTOS });
    expect((await rowOf(c.id)).urgeCount).toBe(1);
  });

  it("does not count a finished case as overdue", async () => {
    const before = await counter("jh0501", "overdue");
    const c = await hazard();
    await runScheduler(db(), at(25 * HOUR), { photos: env.PHOTOS });
    expect(await counter("jh0501", "overdue")).toBe(before + 1);
    await act("grid", c, "accept", {}, at(26 * HOUR));
    await act("grid", c, "resolve", { resolution: "已清理" }, at(27 * HOUR));
    expect(await counter("jh0501", "overdue")).toBe(before);
    expect(await counter("xhl", "overdue")).toBe(await counter("jh", "overdue"));
  });

  it("clears the overdue flag when the level above approves a later time limit", async () => {
    const c = await hazard();
    await act("grid", c, "accept", {}, at(HOUR));
    await runScheduler(db(), at(25 * HOUR), { photos: env.PHOTOS });
    expect((await rowOf(c.id)).overdue).toBe(true);
    await act("grid", c, "extend", { due_at: at(4 * DAY).toISOString(), reason: "需要物业配合" }, at(26 * HOUR));
    const approved = await act("community", c, "extend", { approve: true }, at(27 * HOUR));
    expect(approved.overdue).toBe(false);
    expect(approved.dueAt.getTime()).toBe(T0 + 4 * DAY);
  });
});

describe("concurrent writes", () => {
  it("lets one of two writes from the same revision land; the other is 409 conflict", async () => {
    const c = await hazard();
    const accept = ACTIONS.accept!.apply(c, {}, { now: at(HOUR), refs: {} });
    await commitTransition(db(), c, "accept", actors.grid, accept, at(HOUR));
    const error = await commitTransition(db(), c, "accept", actors.grid, accept, at(HOUR)).catch((e: DomainError) => e);
    expect((error as DomainError).code).toBe("conflict");
    expect(statusOf(error as DomainError)).toBe(409);
  });

  it("lets the scheduler skip a case another run changed meanwhile", async () => {
    const c = await hazard();
    const results = await Promise.all([
      runScheduler(db(), at(25 * HOUR), { photos: env.PHOTOS }),
      runScheduler(db(), at(25 * HOUR), { photos: env.PHOTOS }),
    ]);
    expect(results.every((r) => r.urged >= 0)).toBe(true);
    expect((await rowOf(c.id)).urgeCount).toBe(1);
  });
});

describe("who may act", () => {
  it("does not let the district dispatcher supervise its own level", async () => {
    let c = await hazard();
    await act("grid", c, "escalate", {}, at(HOUR));
    await act("community", c, "escalate", {}, at(2 * HOUR));
    c = await act("street", c, "whistle", {}, at(3 * HOUR));
    expect(c.level).toBe("district");
    await act("district", c, "extend", { due_at: at(3 * DAY).toISOString(), reason: "需要会商" }, at(4 * HOUR));
    const approve = await act("district", c, "extend", { approve: true }, at(5 * HOUR)).catch((e: DomainError) => e);
    expect((approve as DomainError).code).toBe("invalid_transition");
    const urge = await act("district", c, "urge", {}, at(5 * HOUR)).catch((e: DomainError) => e);
    expect((urge as DomainError).code).toBe("invalid_transition");
    // Above the centre, only an admin decides.
    expect((await act("admin", c, "extend", { approve: true }, at(6 * HOUR))).dueAt.getTime()).toBe(T0 + 3 * DAY);
  });

  it("keeps one department's officer away from another department's case", async () => {
    let c = await hazard();
    await act("grid", c, "escalate", {}, at(HOUR));
    await act("community", c, "escalate", {}, at(2 * HOUR));
    await act("street", c, "whistle", {}, at(3 * HOUR));
    c = await act("district", c, "dispatch", { department_id: "market_supervision" }, at(4 * HOUR));
    for (const action of ["register", "note", "resolve"] as const) {
      const refused = await act("police", c, action, { note: "越权", resolution: "越权" }, at(5 * HOUR)).catch((e: DomainError) => e);
      expect([action, (refused as DomainError).code]).toEqual([action, "not_found"]);
    }
    expect((await act("market", c, "register", {}, at(5 * HOUR))).status).toBe("in_progress");
  });

  it("keeps an area's staff out of a neighbour whose id starts with theirs (jh05 and jh050)", async () => {
    await db()
      .insert(area)
      .values([
        { id: "jh050", parentId: "jh", level: "community", name: "前缀相同社区", path: "/xhl/jh/jh050/" },
        { id: "jh05001", parentId: "jh050", level: "grid", name: "前缀相同社区第1网格", path: "/xhl/jh/jh050/jh05001/" },
      ]);
    await db().insert(station).values({
      code: "JH05001V",
      name: "前缀相同微站",
      gridId: "jh05001",
      areaPath: "/xhl/jh/jh050/jh05001/",
      address: "某路1号",
      openingHours: [],
      services: [],
    });
    const c = await hazard(at(0), "JH05001V");
    expect(c.areaPath).toBe("/xhl/jh/jh050/jh05001/");
    const refused = await act("community", c, "note", { note: "看看" }, at(HOUR)).catch((e: DomainError) => e);
    expect((refused as DomainError).code).toBe("not_found");
    const headers = (await signIn("community_staff", { area: "jh05" })).headers;
    expect((await call(`/api/v1/cases/${c.id}`, { headers })).status).toBe(404);
    const list = await json(await call("/api/v1/cases?limit=100", { headers }));
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    expect((await call("/api/v1/cases?area=jh050", { headers })).status).toBe(403);
    // The street above both sees it.
    expect((await act("street", c, "note", { note: "街道可见" }, at(HOUR))).id).toBe(c.id);
  });
});
