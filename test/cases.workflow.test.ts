import { beforeAll, describe, expect, it } from "vitest";
import { CaseEventSchema } from "../schema/api/case.ts";
import { act, actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn, signInCast } from "./helpers/staff.ts";
import { call, json, keyHeaders, sendJson } from "./helpers/worker.ts";

type Headers = Record<string, string>;
const people: Record<string, Headers> = {};

beforeAll(async () => {
  await seedDemo();
  Object.assign(people, await signInCast());
});

async function trail(id: string) {
  const res = await call(`/api/v1/cases/${id}/events`, { headers: people.district! });
  return CaseEventSchema.array().parse((await json(res)).items);
}

async function track(code: string) {
  return json(await call(`/api/v1/track/${code}`));
}

describe("the whole chain", () => {
  it("goes grid → community → street → district → department and ends closed with feedback", async () => {
    const filed = await fileCase({ ...REPORT, category: "dispute" });
    let c = await actOk(filed.id, "accept", people.grid!);
    expect(c.status).toBe("in_progress");

    c = await actOk(filed.id, "escalate", people.grid!, { reason: "涉及物业，网格无法协调" });
    expect(c).toMatchObject({ level: "community", status: "submitted" });
    expect(Date.parse(c.due_at)).toBeGreaterThan(Date.parse(filed.due_at)); // 5 days for the community
    await actOk(filed.id, "accept", people.community!);
    c = await actOk(filed.id, "escalate", people.community!, { reason: "需街道协调" });
    expect(c.level).toBe("street");

    c = await actOk(filed.id, "whistle", people.street!, { reason: "街道吹哨" });
    expect(c).toMatchObject({ level: "district", status: "submitted" });
    c = await actOk(filed.id, "dispatch", people.district!, { department_id: "market_supervision", note: "请市场监管局处理" });
    expect(c).toMatchObject({ level: "department", department_id: "market_supervision", status: "submitted" });

    c = await actOk(filed.id, "register", people.market!);
    expect(c.status).toBe("in_progress");
    expect(Date.parse(c.due_at) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    c = await actOk(filed.id, "resolve", people.market!, { resolution: "已约谈商户，限期整改完毕" });
    expect(c).toMatchObject({ status: "resolved", resolution: "已约谈商户，限期整改完毕" });

    const res = await call(`/api/v1/track/${filed.tracking_code}/feedback`, sendJson("POST", { satisfied: true, comment: "谢谢" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "closed", satisfaction: "satisfied", can_give_feedback: false });

    const events = await trail(filed.id);
    expect(events.map((e) => [e.action, e.to_level, e.to_status])).toEqual([
      ["create", "grid", "submitted"],
      ["accept", "grid", "in_progress"],
      ["escalate", "community", "submitted"],
      ["accept", "community", "in_progress"],
      ["escalate", "street", "submitted"],
      ["whistle", "district", "submitted"],
      ["dispatch", "department", "submitted"],
      ["register", "department", "in_progress"],
      ["resolve", "department", "resolved"],
      ["feedback", "department", "closed"],
    ]);
    expect(events.find((e) => e.action === "dispatch")?.data).toMatchObject({ department_id: "market_supervision" });
  });

  it("reopens on unsatisfied feedback, with a new clock at the same level", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "accept", people.grid!);
    await actOk(filed.id, "resolve", people.grid!, { resolution: "已清理楼道杂物" });
    const res = await call(
      `/api/v1/track/${filed.tracking_code.toLowerCase()}/feedback`,
      sendJson("POST", { satisfied: false, comment: "还有杂物" }),
    );
    expect(res.status).toBe(200);
    const after = await call(`/api/v1/cases/${filed.id}`, { headers: people.grid! });
    expect(await json(after)).toMatchObject({
      status: "in_progress",
      level: "grid",
      reopen_count: 1,
      satisfaction: "unsatisfied",
      resolved_at: null,
    });
    const again = await actOk(filed.id, "resolve", people.grid!, { resolution: "已全部清理并张贴告示" });
    expect(again.status).toBe("resolved");
  });

  it("returns a misrouted case to the level below, with a reason kept internal", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "escalate", people.grid!, { reason: "上报社区" });
    const c = await actOk(filed.id, "return", people.community!, { reason: "属网格职责，请网格处理" });
    expect(c).toMatchObject({ level: "grid", status: "submitted" });
    // The resident reads where the case went, not why.
    const publicEvents = (await track(filed.tracking_code)).events.map((e: { action: string; text: string | null }) => [e.action, e.text]);
    expect(publicEvents).toEqual([
      ["create", null],
      ["escalate", null],
      ["return", null],
    ]);
    // A department sends a case back to the district centre and loses sight of it.
    const routed = await fileCase();
    await actOk(routed.id, "escalate", people.grid!);
    await actOk(routed.id, "escalate", people.community!);
    await actOk(routed.id, "whistle", people.street!);
    await actOk(routed.id, "dispatch", people.district!, { department_id: "public_security" });
    const back = await actOk(routed.id, "return", people.police!, { reason: "不属于公安职责" });
    expect(back).toMatchObject({ level: "district", department_id: null });
    await expectError(await call(`/api/v1/cases/${routed.id}`, { headers: people.police! }), 404, "not_found");
  });

  it("extends the time limit when the level above approves", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "accept", people.grid!);
    const wanted = new Date(Date.parse(filed.due_at) + 48 * 3600 * 1000).toISOString();
    const asked = await actOk(filed.id, "extend", people.grid!, { due_at: wanted, reason: "需等待物业配合" });
    expect(asked.extension_request).toEqual({ due_at: wanted, reason: "需等待物业配合" });
    expect(asked.due_at).toBe(filed.due_at);
    // The holder cannot approve their own request; the community can.
    const own = await expectError(await act(filed.id, "extend", people.grid!, { approve: true }), 409, "invalid_transition");
    expect((own.details as { allowed_actions: string[] }).allowed_actions).not.toContain("extend");
    const approved = await actOk(filed.id, "extend", people.community!, { approve: true });
    expect(approved).toMatchObject({ due_at: wanted, extension_request: null });
  });

  it("declines an extension and refuses a request for an earlier time", async () => {
    const filed = await fileCase();
    const early = await expectError(
      await act(filed.id, "extend", people.grid!, { due_at: new Date().toISOString(), reason: "理由充分的延期" }),
      400,
      "validation_failed",
    );
    expect(early.details).toEqual([{ path: "due_at", message: "the new time limit must be later than the current one" }]);
    await actOk(filed.id, "extend", people.grid!, {
      due_at: new Date(Date.parse(filed.due_at) + 3600_000).toISOString(),
      reason: "需要更多时间",
    });
    const declined = await actOk(filed.id, "extend", people.community!, { approve: false });
    expect(declined).toMatchObject({ due_at: filed.due_at, extension_request: null });
  });

  it("rejects with a public reason, merges duplicates, assigns inside the level", async () => {
    const spam = await fileCase({ ...REPORT, description: "测试测试测试测试" });
    const rejected = await actOk(spam.id, "reject", people.grid!, { reason: "内容无效" });
    expect(rejected).toMatchObject({ status: "rejected", allowed_actions: ["note"] });
    expect((await track(spam.tracking_code)).events.at(-1)).toMatchObject({ action: "reject", text: "内容无效" });

    const first = await fileCase();
    const duplicate = await fileCase();
    const similar = await json(await call("/api/v1/cases/similar?station_code=JH0501V&category=safety_hazard", { headers: people.grid! }));
    expect(similar.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([first.id, duplicate.id]));
    const merged = await actOk(duplicate.id, "merge", people.grid!, { into_case_id: first.id, reason: "同一问题" });
    expect(merged).toMatchObject({ status: "merged", merged_into: first.id });
    const self = await expectError(await act(first.id, "merge", people.grid!, { into_case_id: first.id }), 400, "validation_failed");
    expect(self.details).toEqual([{ path: "into_case_id", message: "a case cannot be merged into itself" }]);

    const chief = await signIn("grid_chief", { area: "jh0501" });
    const assigned = await actOk(first.id, "assign", people.grid!, { assignee_id: chief.staff.id });
    expect(assigned.assignee_id).toBe(chief.staff.id);
    const outsider = await signIn("grid_worker", { area: "jh0502" });
    const wrong = await expectError(
      await act(first.id, "assign", people.grid!, { assignee_id: outsider.staff.id }),
      400,
      "validation_failed",
    );
    expect(wrong.details).toEqual([{ path: "assignee_id", message: `staff ${outsider.staff.id} cannot take this case` }]);
  });

  it("keeps internal notes from the resident and shows public ones", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "note", people.grid!, { note: "该住户曾多次投诉，注意沟通方式" });
    await actOk(filed.id, "note", people.grid!, { note: "已联系物业，明天上午处理", public: true });
    const view = await track(filed.tracking_code);
    expect(view.events.map((e: { text: string | null }) => e.text)).toEqual([null, "已联系物业，明天上午处理"]);
    expect(JSON.stringify(view)).not.toContain("多次投诉");
    expect(JSON.stringify(view)).not.toContain("13812345678");
    expect(JSON.stringify(view)).not.toContain("王女士");
  });

  it("lets the level above urge, and not the holder", async () => {
    const filed = await fileCase();
    await expectError(await act(filed.id, "urge", people.grid!, { note: "请尽快处理" }), 409, "invalid_transition");
    const urged = await actOk(filed.id, "urge", people.community!, { note: "请尽快处理" });
    expect(urged.urge_count).toBe(1);
  });
});

describe("invalid transitions", () => {
  it("answers 409 naming what is allowed now", async () => {
    const filed = await fileCase();
    const res = await act(filed.id, "dispatch", people.grid!, { department_id: "market_supervision" });
    const error = await expectError(res, 409, "invalid_transition");
    expect(error.details).toEqual({
      action: "dispatch",
      status: "submitted",
      level: "grid",
      allowed_actions: ["accept", "assign", "escalate", "extend", "reject", "merge", "note"],
    });
    expect(error.message).toContain("Allowed now: accept, assign, escalate");
    // Resolving needs the case accepted first.
    await expectError(await act(filed.id, "resolve", people.grid!, { resolution: "已处理完毕" }), 409, "invalid_transition");
    // The community sees the grid's case but does not hold it.
    const community = await expectError(await act(filed.id, "accept", people.community!), 409, "invalid_transition");
    expect((community.details as { allowed_actions: string[] }).allowed_actions).toEqual(["note", "urge"]);
    // A closed case takes notes only.
    await actOk(filed.id, "reject", people.grid!, { reason: "重复上报" });
    await expectError(await act(filed.id, "accept", people.grid!), 409, "invalid_transition");
  });

  it("names a missing payload field", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "accept", people.grid!);
    const error = await expectError(await act(filed.id, "resolve", people.grid!, {}), 400, "validation_failed");
    expect(error.details).toEqual([{ path: "resolution", message: "required for resolve" }]);
    await expectError(await act(filed.id, "resolve", people.grid!, { resolution: "ok", status: "closed" }), 400, "validation_failed");
    await expectError(await act(filed.id, "fly" as "note", people.grid!), 400, "validation_failed");
  });
});

describe("authorization per object", () => {
  it("hides a grid's case from another grid's staff: read, trail and every action", async () => {
    const filed = await fileCase();
    const other = people.otherGrid!;
    await expectError(await call(`/api/v1/cases/${filed.id}`, { headers: other }), 404, "not_found");
    await expectError(await call(`/api/v1/cases/${filed.id}/events`, { headers: other }), 404, "not_found");
    for (const action of ["accept", "note", "escalate", "reject"] as const) {
      await expectError(await act(filed.id, action, other, { note: "越权操作", reason: "越权操作" }), 404, "not_found");
    }
    const list = await json(await call("/api/v1/cases?limit=100", { headers: other }));
    expect(list.items.map((c: { id: string }) => c.id)).not.toContain(filed.id);
    await expectError(await call(`/api/v1/cases?area=jh0501`, { headers: other }), 403, "forbidden");
    await expectError(await call(`/api/v1/cases/${filed.id}`, { headers: people.otherCommunity! }), 404, "not_found");
    await expectError(await call(`/api/v1/cases/${filed.id}`, { headers: people.market! }), 404, "not_found");
  });

  it("shows the reporter's name and number only to those handling the case", async () => {
    const filed = await fileCase();
    const holder = await json(await call(`/api/v1/cases/${filed.id}`, { headers: people.grid! }));
    expect(holder.reporter).toEqual({ name: "王女士", phone: "13812345678" });
    const above = await json(await call(`/api/v1/cases/${filed.id}`, { headers: people.street! }));
    expect(above.reporter).toEqual({ name: "王**", phone: "138****5678" });
    const key = await json(await call(`/api/v1/cases/${filed.id}`, { headers: await keyHeaders("cases:read") }));
    expect(key.reporter).toEqual({ name: "王**", phone: "138****5678" });
    const listed = await json(await call(`/api/v1/cases?station=JH0501V&limit=100`, { headers: await keyHeaders("cases:read") }));
    expect(JSON.stringify(listed)).not.toContain("王女士");
    const page = await (await call(`/staff/cases/${filed.id}`, { headers: people.street! })).text();
    expect(page).toContain("王**");
    expect(page).not.toContain("王女士");
  });

  it("lets assistants see what they filed and their micro-grid, and not act as holders", async () => {
    const mine = await fileCase({ ...REPORT, micro_grid_id: "jh0501-01" });
    const notMine = await fileCase({ ...REPORT, micro_grid_id: "jh0501-04" });
    expect((await call(`/api/v1/cases/${mine.id}`, { headers: people.assistant! })).status).toBe(200);
    await expectError(await call(`/api/v1/cases/${notMine.id}`, { headers: people.assistant! }), 404, "not_found");
    await expectError(await act(mine.id, "accept", people.assistant!), 409, "invalid_transition");
    expect((await act(mine.id, "note", people.assistant!, { note: "住户已联系我" })).status).toBe(200);
  });

  it("keeps API keys and anonymous callers out of the workflow", async () => {
    const filed = await fileCase();
    await expectError(await act(filed.id, "accept", {}), 401, "unauthorized");
    await expectError(await act(filed.id, "accept", await keyHeaders("cases:write")), 403, "forbidden");
    await expectError(await call(`/api/v1/cases/${filed.id}`), 401, "unauthorized");
  });
});
