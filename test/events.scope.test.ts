import { env } from "cloudflare:workers";
import { asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseEvent, caseTable } from "../schema/case.ts";
import { webhook, webhookDelivery } from "../schema/webhook.ts";
import { authenticateApiKey, issueApiKey } from "../worker/auth/api-key.ts";
import type { Principal } from "../worker/auth/principal.ts";
import { caseScope } from "../worker/cases/scope.ts";
import { createDatabase } from "../worker/db.ts";
import { encodeCursor } from "../worker/lib/cursor.ts";
import { fanOut } from "../worker/webhooks/fanout.ts";
import { staffActorOf } from "../worker/workflow/actor.ts";
import { commitTransition } from "../worker/workflow/store.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { type Recorded, recordingD1, recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json, sendJson } from "./helpers/worker.ts";

type Caller = { principal: Principal; headers: Record<string, string> };

const AREA_KEYS = {
  grid: "/xhl/jh/jh05/jh0501/",
  otherGrid: "/xhl/jh/jh05/jh0502/",
  community: "/xhl/jh/jh05/",
  street: "/xhl/jh/",
  microGrid: "/xhl/jh/jh05/jh0501/jh0501-01/",
  district: "/xhl/",
} as const;

const keys = {} as Record<keyof typeof AREA_KEYS | "unlimited", Caller>;
const staff = {} as Record<"grid" | "market" | "police" | "assistant" | "district" | "street" | "community", Caller>;

async function keyCaller(name: string, areaPath: string | null): Promise<Caller> {
  const { key } = await issueApiKey(db(), name, ["cases:read"], areaPath);
  return { principal: (await authenticateApiKey(db(), key))!, headers: { authorization: `Bearer ${key}` } };
}

async function staffCaller(...args: Parameters<typeof signIn>): Promise<Caller> {
  const { headers, staff: row } = await signIn(...args);
  return { principal: { kind: "staff", actor: staffActorOf(row) }, headers };
}

/** The answer before events carried their case's scope: every event joined with its case, filtered by `caseScope`. */
async function joined(principal: Principal): Promise<number[]> {
  const rows = await db()
    .select({ id: caseEvent.id })
    .from(caseEvent)
    .innerJoin(caseTable, eq(caseTable.id, caseEvent.caseId))
    .where(caseScope(principal))
    .orderBy(asc(caseEvent.id));
  return rows.map((r) => r.id);
}

/** The whole feed of a caller, polled from the start a few events at a time. */
async function feed(headers: Record<string, string>, limit = 4): Promise<{ id: number; case_id: string }[]> {
  const seen: { id: number; case_id: string }[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 500; page++) {
    const res = await call(`/api/v1/events?limit=${limit}${cursor ? `&after=${cursor}` : ""}`, { headers });
    expect(res.status).toBe(200);
    const body = await json<{ items: { id: number; case_id: string }[]; next_cursor: string }>(res);
    if (body.items.length === 0) return seen;
    seen.push(...body.items);
    cursor = body.next_cursor;
  }
  throw new Error("the feed did not end");
}

const ids = (events: { id: number }[]) => events.map((e) => e.id);

let dispatched: string;
let returned: string;
let assistantFiled: string;

beforeAll(async () => {
  await seedDemo();
  for (const [name, path] of Object.entries(AREA_KEYS)) keys[name as keyof typeof AREA_KEYS] = await keyCaller(name, path);
  keys.unlimited = await keyCaller("unlimited", null);
  Object.assign(staff, {
    grid: await staffCaller("grid_worker", { area: "jh0501" }),
    community: await staffCaller("community_staff", { area: "jh05" }),
    street: await staffCaller("street_officer", { area: "jh" }),
    district: await staffCaller("district_dispatcher", { area: "xhl" }),
    market: await staffCaller("department_officer", { department: "market_supervision" }),
    police: await staffCaller("department_officer", { department: "public_security" }),
    assistant: await staffCaller("grid_assistant", { area: "jh0501-01" }),
  });

  // Cases at every level of the key's area and outside it, with some history each.
  const here = await fileCase();
  await actOk(here.id, "accept", staff.grid.headers);
  await actOk(here.id, "note", staff.grid.headers, { note: "已联系物业" });
  const inMicroGrid = await fileCase({ ...REPORT, micro_grid_id: "jh0501-01" });
  await actOk(inMicroGrid.id, "accept", staff.grid.headers);
  await fileCase({ ...REPORT, station_code: "JH0502V" });
  await fileCase({ ...REPORT, station_code: "JH0102V" });
  await fileCase({ ...REPORT, station_code: "JH0201V" });
  // Filed by the assistant outside its own micro-grid: it sees this one through `created_by`.
  const res = await call("/api/v1/cases", sendJson("POST", { ...REPORT, station_code: "JH0502V" }, staff.assistant.headers));
  expect(res.status).toBe(201);
  assistantFiled = (await json<{ id: string }>(res)).id;

  // Two cases climb to the market department; one is sent back from it.
  const climb = async () => {
    const c = await fileCase();
    await actOk(c.id, "accept", staff.grid.headers);
    await actOk(c.id, "escalate", staff.grid.headers, { reason: "网格无法解决" });
    await actOk(c.id, "accept", staff.community.headers);
    await actOk(c.id, "escalate", staff.community.headers, { reason: "需街道协调" });
    await actOk(c.id, "whistle", staff.street.headers, { reason: "街道吹哨" });
    await actOk(c.id, "dispatch", staff.district.headers, { department_id: "market_supervision" });
    return c.id;
  };
  dispatched = await climb();
  await actOk(dispatched, "register", staff.market.headers);
  returned = await climb();
  await actOk(returned, "return", staff.market.headers, { reason: "不属于本部门职责" });
});

describe("the event feed of a scoped caller", () => {
  it("is exactly what the case join gave, for every kind of key and staff scope", async () => {
    for (const [who, caller] of [...Object.entries(keys), ...Object.entries(staff)]) {
      const expected = await joined(caller.principal);
      expect(ids(await feed(caller.headers)), who).toEqual(expected);
    }
    // Not vacuous: the scopes hold different, non-empty sets of events.
    expect((await joined(keys.grid.principal)).length).toBeGreaterThan(5);
    expect((await joined(keys.grid.principal)).length).toBeLessThan((await joined(keys.street.principal)).length);
    expect((await joined(staff.market.principal)).length).toBeGreaterThan(5);
  });

  it("never shows a grid key another grid's events", async () => {
    const gridCases = new Set(
      (await db().select({ id: caseTable.id }).from(caseTable).where(eq(caseTable.gridId, "jh0501"))).map((r) => r.id),
    );
    const events = await feed(keys.grid.headers, 50);
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) expect(gridCases.has(e.case_id), e.case_id).toBe(true);
    expect(events.map((e) => e.case_id)).not.toContain(assistantFiled);
    expect((await feed(keys.otherGrid.headers, 50)).map((e) => e.case_id)).toContain(assistantFiled);
  });

  it("shows a department every event of the cases it holds now, including those before the dispatch, and none of a case it returned", async () => {
    const market = await feed(staff.market.headers, 50);
    const all = await db().select({ id: caseEvent.id, caseId: caseEvent.caseId }).from(caseEvent).where(eq(caseEvent.caseId, dispatched));
    expect(market.filter((e) => e.case_id === dispatched).map((e) => e.id)).toEqual(all.map((e) => e.id).sort((a, b) => a - b));
    expect(market.map((e) => e.case_id)).not.toContain(returned);
    expect(await feed(staff.police.headers, 50)).toEqual([]);
    // The case sent back is the district's again, in full.
    expect((await feed(keys.district.headers, 500)).map((e) => e.case_id)).toContain(returned);
  });

  it("follows a case that moves to another grid: its events leave the old grid's feed and join the new one's", async () => {
    const moving = await fileCase();
    await actOk(moving.id, "accept", staff.grid.headers);
    const [before] = await db().select().from(caseTable).where(eq(caseTable.id, moving.id));
    // No action moves a case today; a write that did would go through commitTransition like any other.
    await commitTransition(
      createDatabase(env.DB),
      before!,
      "note",
      { kind: "system" },
      { patch: { gridId: "jh0502", microGridId: null, areaPath: "/xhl/jh/jh05/jh0502/" }, text: "更正位置", public: false },
      new Date(),
    );
    const movedEvents = await db().select({ id: caseEvent.id }).from(caseEvent).where(eq(caseEvent.caseId, moving.id));
    expect(movedEvents).toHaveLength(3);
    expect((await feed(keys.grid.headers, 50)).map((e) => e.case_id)).not.toContain(moving.id);
    const other = await feed(keys.otherGrid.headers, 50);
    expect(other.filter((e) => e.case_id === moving.id)).toHaveLength(3);
    for (const caller of [keys.grid, keys.otherGrid, keys.community])
      expect(ids(await feed(caller.headers)), caller.principal.kind).toEqual(await joined(caller.principal));
  });
});

describe("the webhook fan-out", () => {
  it("delivers to each key exactly the events the case join gave it", async () => {
    const hooks = new Map<string, Principal>();
    for (const caller of [keys.grid, keys.street, keys.microGrid, keys.district, keys.unlimited, keys.otherGrid]) {
      const res = await call("/api/v1/webhooks", sendJson("POST", { url: "https://hotline.example.cn/hook" }, caller.headers));
      expect(res.status).toBe(201);
      hooks.set((await json<{ id: string }>(res)).id, caller.principal);
    }
    // From the first event on, so each hook's deliveries are its whole scope.
    await db()
      .update(webhook)
      .set({ cursor: 0 })
      .where(inArray(webhook.id, [...hooks.keys()]));
    for (let pass = 0; pass < 100 && (await fanOut(createDatabase(env.DB))).length > 0; pass++);
    for (const [id, principal] of hooks) {
      const delivered = await db()
        .select({ eventId: webhookDelivery.eventId })
        .from(webhookDelivery)
        .where(eq(webhookDelivery.webhookId, id))
        .orderBy(asc(webhookDelivery.eventId));
      expect(
        delivered.map((d) => d.eventId),
        principal.kind === "api_key" ? (principal.areaPath ?? "all") : "",
      ).toEqual(await joined(principal));
    }
  });
});

/** The plan of the statements that read events after a cursor. */
async function eventReadPlans(statements: Recorded[]) {
  const reads = statements.filter((r) => /from "case_event"/.test(r.sql) && /"case_event"\."id" > \?/.test(r.sql));
  expect(reads.length).toBeGreaterThan(0);
  return Promise.all(
    reads.map(async ({ sql, params }) => {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      return plan.results.map((r) => r.detail).join("\n");
    }),
  );
}

describe("query plans", () => {
  it("seek the caller's area or department in one index range in id order: no scan of case_event, no sort", async () => {
    const cursor = (await feed(keys.unlimited.headers, 500)).at(-8)!.id;
    for (const [caller, index] of [
      [keys.grid, /SEARCH case_event USING INDEX case_event_grid_idx \(grid_id=\? AND id>\?\)/],
      [keys.street, /SEARCH case_event USING INDEX case_event_street_idx \(street_id=\? AND id>\?\)/],
      [keys.community, /SEARCH case_event USING INDEX case_event_community_idx \(community_id=\? AND id>\?\)/],
      [keys.microGrid, /SEARCH case_event USING INDEX case_event_micro_grid_idx \(micro_grid_id=\? AND id>\?\)/],
      [staff.market, /SEARCH case_event USING INDEX case_event_department_idx \(department_id=\? AND id>\?\)/],
      [staff.grid, /SEARCH case_event USING INDEX case_event_grid_idx \(grid_id=\? AND id>\?\)/],
    ] as const) {
      const { response, log } = await recordRequest(`/api/v1/events?after=${encodeCursor([cursor])}&limit=50`, { headers: caller.headers });
      expect(response.status).toBe(200);
      const [plan, ...more] = await eventReadPlans(log.statements);
      expect(more).toEqual([]);
      expect(plan).toMatch(index);
      expect(plan).not.toMatch(/SCAN case_event|TEMP B-TREE|\bcase\b/);
    }
  });

  it("reach a grid assistant's own filed cases through the case's created_by index, not a scan", async () => {
    const { log } = await recordRequest("/api/v1/events?limit=50", { headers: staff.assistant.headers });
    const plans = await eventReadPlans(log.statements);
    expect(plans).toHaveLength(2);
    expect(plans[0]).toMatch(/SEARCH case_event USING INDEX case_event_micro_grid_idx \(micro_grid_id=\? AND id>\?\)/);
    expect(plans[1]).toMatch(/SEARCH case USING (COVERING )?INDEX case_idempotency_unique \(created_by=\?\)/);
    for (const plan of plans) expect(plan).not.toMatch(/SCAN (case|case_event)\b/);
  });

  it("of the fan-out seek each subscription's area the same way", async () => {
    const res = await call(
      "/api/v1/webhooks",
      sendJson("POST", { url: "https://grid.example.cn/hook", actions: ["note"] }, keys.grid.headers),
    );
    expect(res.status).toBe(201);
    await actOk((await fileCase()).id, "note", staff.grid.headers, { note: "查询计划" });
    const { db: recording, log } = recordingD1();
    await fanOut(createDatabase(recording));
    const plans = await eventReadPlans(log.statements);
    expect(plans.some((p) => /SEARCH case_event USING INDEX case_event_grid_idx \(grid_id=\? AND id>\?\)/.test(p))).toBe(true);
    for (const plan of plans) expect(plan).not.toMatch(/SCAN case_event\b(?! USING)|TEMP B-TREE/);
  });
});

describe("the backfill migration", () => {
  it("gives every existing event its case's areas and department", async () => {
    // Found by its name, so the number it gets at merge does not matter; its statements split as wrangler splits them.
    const files = import.meta.glob("../migrations/*_backfill_case_event_scope.sql", { query: "?raw", import: "default", eager: true });
    expect(Object.keys(files)).toHaveLength(1);
    const backfill = Object.values(files)[0]!
      .split("--> statement-breakpoint")
      .filter((q) => /^\s*(--.*\n\s*)*UPDATE/i.test(q));
    expect(backfill).toHaveLength(1);
    await env.DB.prepare(
      "UPDATE case_event SET street_id = NULL, community_id = NULL, grid_id = NULL, micro_grid_id = NULL, department_id = NULL",
    ).run();
    expect(await feed(keys.grid.headers)).toEqual([]);
    await env.DB.prepare(backfill[0]!).run();
    const mismatched = await env.DB.prepare(
      `SELECT count(*) AS n FROM case_event e JOIN "case" c ON c.id = e.case_id
       WHERE e.street_id IS NOT c.street_id OR e.community_id IS NOT c.community_id OR e.grid_id IS NOT c.grid_id
          OR e.micro_grid_id IS NOT c.micro_grid_id OR e.department_id IS NOT c.department_id`,
    ).first<{ n: number }>();
    expect(mismatched?.n).toBe(0);
    for (const caller of [keys.grid, keys.microGrid, staff.market])
      expect(ids(await feed(caller.headers))).toEqual(await joined(caller.principal));
  });
});

describe("the trail", () => {
  it("stays append-only: what happened cannot change or go, only the copies of the case's scope follow it", async () => {
    const [event] = await db().select({ id: caseEvent.id }).from(caseEvent).limit(1);
    for (const statement of [
      "UPDATE case_event SET text = 'changed' WHERE id = ?",
      "UPDATE case_event SET action = 'note', grid_id = grid_id WHERE id = ?",
      "UPDATE case_event SET created_at = 0 WHERE id = ?",
      "DELETE FROM case_event WHERE id = ?",
    ]) {
      await expect(env.DB.prepare(statement).bind(event!.id).run(), statement).rejects.toThrow(/append-only/);
    }
    await env.DB.prepare("UPDATE case_event SET grid_id = grid_id, department_id = department_id WHERE id = ?").bind(event!.id).run();
  });
});
