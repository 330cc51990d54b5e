// The outbox: the notifications an event causes are written in the event's own batch, to the
// people and groups the rules name, as the staff table and the areas' groups say at that moment.
import { env } from "cloudflare:workers";
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { area } from "../schema/area.ts";
import { caseEvent, caseTable } from "../schema/case.ts";
import { notification } from "../schema/notification.ts";
import { staff } from "../schema/staff.ts";
import { setAreaGroup } from "../worker/notify/groups.ts";
import { ACTIONS } from "../worker/workflow/actions.ts";
import { commitTransition } from "../worker/workflow/store.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn, signInCast } from "./helpers/staff.ts";
import { db } from "./helpers/worker.ts";

let cast: Awaited<ReturnType<typeof signInCast>>;
let gridName: string;

beforeAll(async () => {
  await seedDemo();
  cast = await signInCast();
  gridName = (await db().query.area.findFirst({ where: eq(area.id, "jh0501") }))!.name;
  await setAreaGroup(
    db(),
    env.ENCRYPTION_KEY,
    { areaId: "jh0501", url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=grid-jh0501" },
    {
      development: false,
      now: new Date(),
    },
  );
});

/** A case's notifications as "channel recipient-kind name" lines, in a stable order. */
async function toldOf(caseId: string, eventId?: number) {
  const rows = await db()
    .select()
    .from(notification)
    .where(and(eq(notification.caseId, caseId), eventId ? eq(notification.eventId, eventId) : undefined))
    .orderBy(asc(notification.id));
  return rows;
}

const lines = (rows: { channel: string; recipientKind: string; recipientName: string | null; kind: string }[]) =>
  rows.map((r) => `${r.kind} ${r.channel} ${r.recipientKind} ${r.recipientName ?? "-"}`).sort();

/** Active staff holding cases at the given roles on these areas, read independently of the outbox's SQL. */
async function membersOf(roles: string[], areaIds: string[]) {
  return db()
    .select()
    .from(staff)
    .where(and(inArray(staff.role, roles as never[]), inArray(staff.areaId, areaIds), eq(staff.active, true)));
}

async function lastEvent(caseId: string) {
  const events = await db().select().from(caseEvent).where(eq(caseEvent.caseId, caseId)).orderBy(asc(caseEvent.id));
  return events.at(-1)!;
}

describe("the outbox", () => {
  it("a report filed at a station tells its grid's workers by SMS and the grid's group", async () => {
    const filed = await fileCase();
    const created = await lastEvent(filed.id);
    const rows = await toldOf(filed.id);
    const gridTeam = await membersOf(["grid_worker", "part_time_grid_worker", "grid_chief"], ["jh0501"]);
    expect(gridTeam.map((m) => m.name).sort()).toEqual(["崔丽", "黄瑞"]);
    expect(lines(rows)).toEqual(
      [...gridTeam.map((m) => `case_arrived sms staff ${m.name}`), `case_arrived wecom group ${gridName}`].sort(),
    );
    for (const row of rows) {
      expect([row.status, row.attempts, row.eventId, row.areaPath, row.params.level]).toEqual([
        "queued",
        0,
        created.id,
        "/xhl/jh/jh05/jh0501/",
        "grid",
      ]);
      expect(row.id).toBe(`ntf-${created.id}-${row.recipientKind === "group" ? "gjh0501" : `s${row.recipientRef}`}`);
    }
    const sms = rows.filter((r) => r.channel === "sms");
    expect(sms.map((r) => r.recipient).sort()).toEqual(gridTeam.map((m) => m.phone).sort());
    // The group post mentions the members who keep group notifications on.
    const group = rows.find((r) => r.channel === "wecom")!;
    expect(group.params.mention!.split(",").sort()).toEqual(gridTeam.map((m) => m.phone).sort());
  });

  it("a member who turned SMS or the group off is left out of it", async () => {
    const chief = (await membersOf(["grid_chief"], ["jh0501"]))[0]!;
    await db().update(staff).set({ notifySms: false, notifyGroup: false }).where(eq(staff.id, chief.id));
    try {
      const filed = await fileCase();
      const rows = await toldOf(filed.id);
      expect(lines(rows)).toEqual(["case_arrived sms staff 崔丽", `case_arrived wecom group ${gridName}`]);
      expect(rows.find((r) => r.channel === "wecom")!.params.mention).not.toContain(chief.phone);
    } finally {
      await db().update(staff).set({ notifySms: true, notifyGroup: true }).where(eq(staff.id, chief.id));
    }
  });

  it("escalate, whistle, dispatch and return tell the level the case arrives at", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "escalate", cast.grid, { reason: "需社区协调" });
    let event = await lastEvent(filed.id);
    const community = await membersOf(["community_staff"], ["jh05"]);
    // jh05 has no group robot: SMS only.
    expect(lines(await toldOf(filed.id, event.id))).toEqual(community.map((m) => `case_arrived sms staff ${m.name}`).sort());

    await actOk(filed.id, "escalate", cast.community, { reason: "需街道协调" });
    await actOk(filed.id, "whistle", cast.street, { reason: "需区级部门" });
    event = await lastEvent(filed.id);
    const district = await membersOf(["district_dispatcher"], ["xhl"]);
    expect(lines(await toldOf(filed.id, event.id))).toEqual(district.map((m) => `case_arrived sms staff ${m.name}`).sort());

    await actOk(filed.id, "dispatch", cast.district, { department_id: "market_supervision" });
    event = await lastEvent(filed.id);
    const officers = await db().select().from(staff).where(eq(staff.departmentId, "market_supervision"));
    expect(officers.length).toBeGreaterThan(0);
    expect(lines(await toldOf(filed.id, event.id))).toEqual(officers.map((m) => `case_arrived sms staff ${m.name}`).sort());

    await actOk(filed.id, "return", cast.market, { reason: "不属本部门职责" });
    event = await lastEvent(filed.id);
    expect(lines(await toldOf(filed.id, event.id))).toEqual(district.map((m) => `case_arrived sms staff ${m.name}`).sort());
  });

  it("an urge of an assigned case tells its assignee; overdue, the community as well", async () => {
    const filed = await fileCase();
    const worker = (await membersOf(["grid_worker"], ["jh0501"]))[0]!;
    await actOk(filed.id, "assign", cast.grid, { assignee_id: worker.id });
    const row = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) }))!;
    const late = new Date(row.dueAt.getTime() + 60_000);
    await commitTransition(db(), row, "urge", { kind: "system" }, ACTIONS.urge!.apply(row, {}, { now: late, refs: {} }), late);
    const event = await lastEvent(filed.id);
    const community = await membersOf(["community_staff"], ["jh05"]);
    expect(lines(await toldOf(filed.id, event.id))).toEqual(
      ["case_urged sms staff 崔丽", `case_urged wecom group ${gridName}`, ...community.map((m) => `case_urged sms staff ${m.name}`)].sort(),
    );
  });

  it("an extension asked tells the level above; decided, the member who asked", async () => {
    const filed = await fileCase();
    const asker = await signIn("grid_chief", { area: "jh0501" });
    await actOk(filed.id, "accept", asker.headers);
    const due = new Date(Date.parse(filed.due_at) + 48 * 3600_000).toISOString();
    await actOk(filed.id, "extend", asker.headers, { due_at: due, reason: "等待物业配合" });
    const community = await membersOf(["community_staff"], ["jh05"]);
    expect(lines(await toldOf(filed.id, (await lastEvent(filed.id)).id))).toEqual(
      community.map((m) => `extension_asked sms staff ${m.name}`).sort(),
    );
    await actOk(filed.id, "extend", cast.community, { approve: false });
    expect(lines(await toldOf(filed.id, (await lastEvent(filed.id)).id))).toEqual([`extension_decided sms staff ${asker.staff.name}`]);
  });

  it("resolving tells the resident only if they asked and left a number; 不满意 tells the holder", async () => {
    const asked = await fileCase();
    const silent = await fileCase();
    await db().update(caseTable).set({ notifyResident: true }).where(eq(caseTable.id, asked.id));
    for (const c of [asked, silent]) {
      await actOk(c.id, "accept", cast.grid);
      await actOk(c.id, "resolve", cast.grid, { resolution: "已清理楼道" });
    }
    const toResident = await toldOf(asked.id, (await lastEvent(asked.id)).id);
    expect(lines(toResident)).toEqual(["case_resolved sms resident -"]);
    // The number is read from the case when sending (and is gone after retention), never copied here.
    expect(toResident[0]).toMatchObject({ recipient: null, recipientRef: null });
    expect(await toldOf(silent.id, (await lastEvent(silent.id)).id)).toEqual([]);

    const res = await import("./helpers/worker.ts").then(({ call }) =>
      call(`/api/v1/track/${asked.tracking_code}/feedback`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ grade: "unsatisfied", comment: "还是堵着" }),
      }),
    );
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    expect(lines(await toldOf(asked.id, (await lastEvent(asked.id)).id))).toEqual([
      "case_reopened sms staff 崔丽",
      "case_reopened sms staff 黄瑞",
      `case_reopened wecom group ${gridName}`,
    ]);
  });

  it("a batch that fails writes no notification", async () => {
    const filed = await fileCase({ ...REPORT, description: "路灯不亮" });
    const row = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) }))!;
    const now = new Date();
    const escalate = ACTIONS.escalate!.apply(row, { reason: "需社区协调" }, { now, refs: {} });
    await commitTransition(db(), row, "escalate", { kind: "system" }, escalate, now);
    const before = await db().select().from(notification).where(eq(notification.caseId, filed.id));
    // The same revision again: the event's unique index refuses it and the whole batch rolls back.
    const urge = ACTIONS.urge!.apply(row, {}, { now, refs: {} });
    await expect(commitTransition(db(), row, "urge", { kind: "system" }, urge, now)).rejects.toMatchObject({ code: "conflict" });
    expect(await db().select().from(notification).where(eq(notification.caseId, filed.id))).toEqual(before);
    expect(before.every((n) => n.kind === "case_arrived")).toBe(true);
  });
});
