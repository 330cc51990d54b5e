import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { caseTable } from "../schema/case.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signInCast } from "./helpers/staff.ts";
import { csrfOf, figure, postForm } from "./helpers/staff-pages.ts";
import { call, db, sendJson } from "./helpers/worker.ts";

let people: Awaited<ReturnType<typeof signInCast>>;
const ids: Record<string, string> = {};

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
  people = await signInCast();
  // A known data set in grid jh0501: one waiting, one overdue, one resolved this week, one closed
  // satisfied by the resident, one passed up to the community.
  ids.waiting = (await fileCase()).id;
  await db().update(caseTable).set({ dueAt: LATER_TODAY }).where(eq(caseTable.id, ids.waiting));
  ids.overdue = (await fileCase({ ...REPORT, description: "楼道灯坏了很久没人修" })).id;
  await db()
    .update(caseTable)
    .set({ dueAt: new Date(Date.now() - 3600_000), overdue: true })
    .where(eq(caseTable.id, ids.overdue));
  const resolved = await fileCase({ ...REPORT, category: "dispute", description: "邻居装修噪音扰民" });
  await actOk(resolved.id, "accept", people.grid);
  await actOk(resolved.id, "resolve", people.grid, { resolution: "已协调装修时间" });
  ids.resolved = resolved.id;
  const closed = await fileCase({ ...REPORT, category: "public_service", description: "帮老人代缴医保" });
  await actOk(closed.id, "accept", people.grid);
  await actOk(closed.id, "resolve", people.grid, { resolution: "已代缴" });
  await call(`/api/v1/track/${closed.tracking_code}/feedback`, sendJson("POST", { satisfied: true }));
  ids.escalated = (await fileCase({ ...REPORT, description: "小区围墙有裂缝" })).id;
  await actOk(ids.escalated, "escalate", people.grid, { reason: "需社区协调" });
});

describe("/staff dashboard", () => {
  it("shows the grid worker's figures and queue from a known data set", async () => {
    const res = await call("/staff", { headers: people.grid });
    expect(res.status).toBe(200);
    const html = await res.text();
    // The overdue case was flagged by hand above, not through the workflow, so the counters do not
    // know it; the figures come from counters and an indexed count, as they would at a million cases.
    // Open in the grid's area: waiting, overdue and the one now with the community.
    expect(figure(html, "待办")).toBe("3");
    expect(figure(html, "今日到期")).toBe("1");
    expect(figure(html, "本周办结")).toBe("2");
    expect(figure(html, "满意率")).toBe("100%");
    expect(figure(html, "网格内解决")).toBe("100%");
    // The queue: the grid's open cases at grid level, soonest due first; the escalated one is not theirs.
    const queue = html.slice(html.indexOf("需要我处理"));
    expect(queue.indexOf(ids.overdue!)).toBeGreaterThan(-1);
    expect(queue.indexOf(ids.overdue!)).toBeLessThan(queue.indexOf(ids.waiting!));
    expect(queue).not.toContain(ids.escalated!);
  });

  it("drills down from the street to communities and grids, and not above one's own area", async () => {
    const street = await (await call("/staff", { headers: people.street })).text();
    expect(street).toContain("下级区域");
    expect(street).toContain('href="/staff?area=%2Fxhl%2Fjh%2Fjh05%2F"');
    const community = await (await call("/staff?area=/xhl/jh/jh05/", { headers: people.street })).text();
    expect(community).toContain("同心园社区第1网格");
    expect(community).toContain('href="/staff?area=%2Fxhl%2Fjh%2Fjh05%2Fjh0501%2F"');
    const above = await call("/staff?area=/xhl/", { headers: people.community });
    expect(above.status).toBe(403);
    const community2 = await (await call("/staff", { headers: people.community })).text();
    expect(community2.slice(community2.indexOf("需要我处理"))).toContain(ids.escalated!);
  });

  it("shows a department officer their department", async () => {
    const html = await (await call("/staff", { headers: people.market })).text();
    expect(html).toContain("区市场监督管理局");
    expect(html).not.toContain("下级区域");
    // No other department's scorecard.
    expect(html).not.toContain("杏花岭公安分局");
  });
});

describe("/staff/cases", () => {
  it("lists my area's cases with the API's filters and never another grid's", async () => {
    const all = await (await call("/staff/cases", { headers: people.grid })).text();
    for (const id of Object.values(ids)) expect(all).toContain(id);
    const overdue = await (await call("/staff/cases?overdue=true", { headers: people.grid })).text();
    expect(overdue).toContain(ids.overdue!);
    expect(overdue).not.toContain(ids.waiting!);
    const other = await (await call("/staff/cases", { headers: people.otherGrid })).text();
    for (const id of Object.values(ids)) expect(other).not.toContain(id);
    expect((await call("/staff/cases?area=/xhl/jh/jh05/jh0501/", { headers: people.otherGrid })).status).toBe(403);
  });

  it("shows a case with its internal trail and exactly the actions allowed now", async () => {
    await actOk(ids.waiting!, "note", people.grid, { note: "内部备注：住户要求下午联系" });
    const html = await (await call(`/staff/cases/${ids.waiting}`, { headers: people.grid })).text();
    expect(html).toContain("内部备注：住户要求下午联系");
    expect(html).toContain("13812345678"); // the holder sees the number
    for (const action of ["accept", "assign", "escalate", "reject", "note"]) expect(html).toContain(`/actions/${action}`);
    for (const action of ["dispatch", "register", "resolve", "whistle"]) expect(html).not.toContain(`/actions/${action}"`);
    const community = await (await call(`/staff/cases/${ids.waiting}`, { headers: people.community })).text();
    expect(community).toContain("138****5678");
    expect(community).not.toContain("/actions/accept");
  });

  it("takes an action from its form with the CSRF token, and refuses one without", async () => {
    const csrf = await csrfOf(`/staff/cases/${ids.waiting}`, people.grid);
    const forged = await postForm(`/staff/cases/${ids.waiting}/actions/accept`, {}, people.grid);
    expect(forged.status).toBe(403);
    expect((await db().query.caseTable.findFirst({ where: eq(caseTable.id, ids.waiting!) }))?.status).toBe("submitted");
    const res = await postForm(`/staff/cases/${ids.waiting}/actions/accept`, { csrf }, people.grid);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/staff/cases/${ids.waiting}?done=accept`);
    expect((await db().query.caseTable.findFirst({ where: eq(caseTable.id, ids.waiting!) }))?.status).toBe("in_progress");
    const wrong = await postForm(`/staff/cases/${ids.waiting}/actions/accept`, { csrf }, people.grid);
    expect(wrong.status).toBe(409);
    const refusal = await wrong.text();
    expect(refusal).toContain("此状态下不能执行该操作。 现在可以：");
    expect(refusal).toContain("办结并答复");
    expect(refusal).not.toContain("Allowed now");
    const missing = await postForm(`/staff/cases/${ids.waiting}/actions/resolve`, { csrf }, people.grid);
    expect(missing.status).toBe(400);
  });

  it("converts the extension form's Shanghai time", async () => {
    const csrf = await csrfOf(`/staff/cases/${ids.overdue}`, people.grid);
    // Ten days ahead, at 18:00 in Shanghai, which is 10:00 UTC.
    const day = new Date(Date.now() + 10 * 24 * 3600_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await postForm(
      `/staff/cases/${ids.overdue}/actions/extend`,
      { csrf, due_at: `${day}T18:00`, reason: "等待物业配合" },
      people.grid,
    );
    expect(res.status).toBe(303);
    const row = await db().query.caseTable.findFirst({ where: eq(caseTable.id, ids.overdue!) });
    expect(row?.extensionDueAt?.toISOString()).toBe(`${day}T10:00:00.000Z`);
  });

  it("hides and protects another grid's case", async () => {
    expect((await call(`/staff/cases/${ids.escalated}`, { headers: people.otherGrid })).status).toBe(404);
    const csrf = await csrfOf("/staff", people.otherGrid);
    const res = await postForm(`/staff/cases/${ids.escalated}/actions/note`, { csrf, note: "越权" }, people.otherGrid);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("小区围墙有裂缝");
  });
});

describe("/staff/report", () => {
  it("lets an assistant file for a resident with their building preselected", async () => {
    const page = await (await call("/staff/report", { headers: people.assistant })).text();
    expect(page).toContain('value="JH0501V"');
    expect(page).toMatch(/<option value="jh0501-01" selected/);
    const csrf = await csrfOf("/staff/report", people.assistant);
    const res = await postForm(
      "/staff/report",
      {
        csrf,
        category: "petition_sign",
        description: "几户居民因供暖费问题情绪激动",
        station_code: "JH0501V",
        micro_grid_id: "jh0501-01",
        name: "赵大爷",
        phone: "",
      },
      people.assistant,
    );
    expect(res.status).toBe(303);
    const id = /\/staff\/cases\/([0-9A-Z]{26})/.exec(res.headers.get("location")!)![1]!;
    const row = await db().query.caseTable.findFirst({ where: eq(caseTable.id, id) });
    expect(row).toMatchObject({
      channel: "assistant",
      category: "petition_sign",
      microGridId: "jh0501-01",
      reporterName: "赵大爷",
      reporterPhone: null,
    });
    // The assistant sees what they filed.
    expect((await call(`/staff/cases/${id}`, { headers: people.assistant })).status).toBe(200);
  });

  it("comes back with the input and the problems", async () => {
    const csrf = await csrfOf("/staff/report", people.assistant);
    const res = await postForm(
      "/staff/report",
      { csrf, category: "dispute", description: "短", station_code: "JH0501V", phone: "123" },
      people.assistant,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(">短</textarea>");
    expect(html).toContain("手机号：请填写11位手机号，或留空。");
  });
});
