// The workflow table's transitions applied directly (they are pure), on a fixed clock, with the
// expected fields written from the rules of DESIGN.md: statuses, levels, hours, public or internal.
import { describe, expect, it } from "vitest";
import type { CaseRow } from "../schema/case.ts";
import type { CaseAction } from "../schema/constants.ts";
import type { DomainError } from "../worker/domain-error.ts";
import { ACTIONS, applyAutoClose, applyFeedback, type References } from "../worker/workflow/actions.ts";
import type { WorkflowPayload } from "../worker/workflow/payload.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse("2026-03-02T02:00:00Z");
const at = (ms: number) => new Date(T0 + ms);

/** A safety hazard at grid jh0501, filed at T0 and due 24 hours later. */
function caseRow(over: Partial<CaseRow> = {}): CaseRow {
  return {
    id: "01CASE",
    trackingCode: "3479ACDEFG",
    category: "safety_hazard",
    channel: "api",
    description: "楼道堆放杂物",
    photoKey: null,
    mediaUrl: null,
    attributes: null,
    stationCode: "JH0501V",
    microGridId: null,
    address: null,
    lat: null,
    lng: null,
    notifyResident: false,
    areaPath: "/xhl/jh/jh05/jh0501/",
    streetId: "jh",
    communityId: "jh05",
    gridId: "jh0501",
    reporterName: null,
    reporterPhone: null,
    level: "grid",
    status: "in_progress",
    assigneeId: null,
    departmentId: null,
    dueAt: at(24 * HOUR),
    overdue: false,
    nextUrgeAt: at(24 * HOUR),
    urgeCount: 0,
    lastUrgedAt: null,
    extensionDueAt: null,
    extensionReason: null,
    resolution: null,
    resolvedAt: null,
    resolvedLevel: null,
    resolvedOnTime: null,
    closedAt: null,
    reopenCount: 0,
    satisfaction: null,
    feedbackComment: null,
    mergedInto: null,
    supervisedAt: null,
    supervisionReason: null,
    createdBy: "api_key:k1",
    idempotencyKey: null,
    requestHash: null,
    revision: "REV0",
    createdAt: at(0),
    updatedAt: at(0),
    ...over,
  };
}

const apply = (action: CaseAction, row: CaseRow, p: WorkflowPayload, now: Date, refs: References = {}) =>
  ACTIONS[action]!.apply(row, p, { now, refs });

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error("expected a refusal");
}

describe("return: only to a level the case's place reaches", () => {
  it("refuses to return a community case to a grid when it has none", () => {
    const e = refusal(() => apply("return", caseRow({ level: "community", gridId: null }), { reason: "退回网格" }, at(HOUR)));
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe("this case has no grid to return to");
    expect(e.details).toEqual([{ path: "reason", message: "this case has no grid to return to" }]);
  });

  it("returns a community case with a grid to the grid on a new 24-hour clock: on the trail, its reason internal", () => {
    const t = apply("return", caseRow({ level: "community" }), { reason: "退回网格" }, at(HOUR));
    expect(t.patch.level).toBe("grid");
    expect(t.patch.status).toBe("submitted");
    expect(t.patch.dueAt).toEqual(at(25 * HOUR));
    expect(t.text).toBe("退回网格");
    expect(t.public).toBe(true);
    expect(t.textPublic).toBe(false);
  });

  it("shows the return's reason to the resident when marked", () => {
    expect(apply("return", caseRow({ level: "community" }), { reason: "退回网格", public: true }, at(HOUR)).textPublic).toBe(true);
  });

  it("refuses to return a street case to a community when it has none, even with a grid", () => {
    const e = refusal(() => apply("return", caseRow({ level: "street", communityId: null }), { reason: "退回社区" }, at(HOUR)));
    expect(e.message).toBe("this case has no community to return to");
    expect(e.details).toEqual([{ path: "reason", message: "this case has no community to return to" }]);
  });

  it("returns a street case with a community but no grid to the community", () => {
    const t = apply("return", caseRow({ level: "street", gridId: null }), { reason: "退回社区" }, at(HOUR));
    expect(t.patch.level).toBe("community");
    expect(t.patch.dueAt).toEqual(at(49 * HOUR));
  });

  it("refuses to return a district case to a street when it has none", () => {
    const e = refusal(() => apply("return", caseRow({ level: "district", streetId: null }), { reason: "退回街道" }, at(HOUR)));
    expect(e.message).toBe("this case has no street to return to");
  });

  it("returns a district case with a street but no community or grid to the street", () => {
    const t = apply("return", caseRow({ level: "district", communityId: null, gridId: null }), { reason: "退回街道" }, at(HOUR));
    expect(t.patch.level).toBe("street");
  });

  it("returns a department case to the district even when the place is only an address, dropping the department", () => {
    const c = caseRow({
      level: "department",
      departmentId: "market_supervision",
      streetId: null,
      communityId: null,
      gridId: null,
      areaPath: "/xhl/",
    });
    const t = apply("return", c, { reason: "不属本部门" }, at(HOUR));
    expect(t.patch.level).toBe("district");
    expect(t.patch.departmentId).toBeNull();
    expect(t.patch.dueAt).toEqual(at(25 * HOUR));
  });

  it("leaves the department field alone when a level other than the department returns", () => {
    const t = apply("return", caseRow({ level: "community", departmentId: "market_supervision" }), { reason: "退回网格" }, at(HOUR));
    expect(Object.keys(t.patch)).not.toContain("departmentId");
  });
});

describe("assign", () => {
  it("is internal and records who was assigned", () => {
    const assignee = { id: 42, name: "张网格" } as References["assignee"];
    const t = apply("assign", caseRow(), { assignee_id: 42 }, at(HOUR), { assignee });
    expect(t.patch).toEqual({ assigneeId: 42 });
    expect(t.public).toBe(false);
    expect(t.data).toEqual({ assignee_id: 42, assignee_name: "张网格" });
  });
});

describe("escalate, whistle and dispatch", () => {
  it("escalates on the resident's trail, the reason internal", () => {
    const t = apply("escalate", caseRow(), { reason: "需要社区协调" }, at(HOUR));
    expect(t.patch.level).toBe("community");
    expect(t.text).toBe("需要社区协调");
    expect(t.public).toBe(true);
    expect(t.textPublic).toBe(false);
  });

  it("escalates with the reason for the resident when marked", () => {
    expect(apply("escalate", caseRow(), { reason: "需要社区协调", public: true }, at(HOUR)).textPublic).toBe(true);
    expect(apply("escalate", caseRow(), { reason: "需要社区协调", public: false }, at(HOUR)).textPublic).toBe(false);
  });

  it("escalates without a reason with no text", () => {
    expect(apply("escalate", caseRow(), {}, at(HOUR)).text).toBeNull();
  });

  it("whistles a street case to the district, on the trail, the reason internal unless marked", () => {
    const t = apply("whistle", caseRow({ level: "street" }), { reason: "吹哨报到" }, at(HOUR));
    expect(t.patch.level).toBe("district");
    expect(t.patch.dueAt).toEqual(at(25 * HOUR));
    expect(t.text).toBe("吹哨报到");
    expect(t.public).toBe(true);
    expect(t.textPublic).toBe(false);
    expect(apply("whistle", caseRow({ level: "street" }), { reason: "吹哨报到", public: true }, at(HOUR)).textPublic).toBe(true);
  });

  const market = { id: "market_supervision", name: "市场监管局" } as References["department"];

  it("dispatches with the note as text, ahead of the reason", () => {
    const t = apply("dispatch", caseRow({ level: "district" }), { note: "请尽快处理", reason: "职责所在" }, at(HOUR), {
      department: market,
    });
    expect(t.text).toBe("请尽快处理");
    expect(t.public).toBe(true);
    expect(t.textPublic).toBe(false);
    expect(t.patch.departmentId).toBe("market_supervision");
    expect(t.patch.level).toBe("department");
    expect(t.patch.dueAt).toEqual(at(73 * HOUR));
    expect(t.data).toEqual({ department_id: "market_supervision", department_name: "市场监管局" });
  });

  it("dispatches with only a note", () => {
    expect(apply("dispatch", caseRow({ level: "district" }), { note: "请尽快处理" }, at(HOUR), { department: market }).text).toBe(
      "请尽快处理",
    );
  });

  it("dispatches with only a reason", () => {
    expect(apply("dispatch", caseRow({ level: "district" }), { reason: "职责所在" }, at(HOUR), { department: market }).text).toBe(
      "职责所在",
    );
  });

  it("dispatches with neither with no text", () => {
    expect(apply("dispatch", caseRow({ level: "district" }), {}, at(HOUR), { department: market }).text).toBeNull();
  });
});

describe("register and resolve", () => {
  it("registers at the department on a fresh 72-hour clock, clearing overdue, publicly", () => {
    const c = caseRow({ level: "department", status: "submitted", overdue: true, departmentId: "market_supervision" });
    const t = apply("register", c, {}, at(HOUR));
    expect(t.patch).toEqual({ status: "in_progress", dueAt: at(73 * HOUR), overdue: false });
    expect(t.text).toBeNull();
    expect(t.public).toBe(true);
  });

  it("counts a resolution at the very due time as on time, and clears overdue", () => {
    const t = apply("resolve", caseRow({ overdue: true }), { resolution: "已清理" }, at(24 * HOUR));
    expect(t.patch.status).toBe("resolved");
    expect(t.patch.resolvedOnTime).toBe(true);
    expect(t.patch.overdue).toBe(false);
    expect(t.patch.resolvedLevel).toBe("grid");
    expect(t.text).toBe("已清理");
    expect(t.public).toBe(true);
  });

  it("counts a resolution a millisecond after the due time as late", () => {
    expect(apply("resolve", caseRow(), { resolution: "已清理" }, at(24 * HOUR + 1)).patch.resolvedOnTime).toBe(false);
  });
});

describe("extend: the request", () => {
  it("needs a new time limit", () => {
    const e = refusal(() => apply("extend", caseRow(), { reason: "需要协调" }, at(HOUR)));
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe("ask for a new time limit");
    expect(e.details).toEqual([{ path: "due_at", message: "ask for a new time limit" }]);
  });

  it("needs a reason", () => {
    const e = refusal(() => apply("extend", caseRow(), { due_at: "2026-03-04T02:00:00Z" }, at(HOUR)));
    expect(e.message).toBe("say why more time is needed");
    expect(e.details).toEqual([{ path: "reason", message: "say why more time is needed" }]);
  });

  it("refuses a limit equal to the current one", () => {
    const e = refusal(() => apply("extend", caseRow(), { due_at: "2026-03-03T02:00:00Z", reason: "需要协调" }, at(HOUR)));
    expect(e.message).toBe("the new time limit must be later than the current one");
  });

  it("accepts exactly 30 days from now, internal, recording the time asked for", () => {
    const t = apply("extend", caseRow(), { due_at: "2026-04-01T02:00:00.000Z", reason: "需要协调" }, at(0));
    expect(t.patch).toEqual({ extensionDueAt: new Date("2026-04-01T02:00:00.000Z"), extensionReason: "需要协调" });
    expect(t.text).toBe("需要协调");
    expect(t.public).toBe(false);
    expect(t.textPublic).toBe(false);
    expect(t.data).toEqual({ requested_due_at: "2026-04-01T02:00:00.000Z" });
  });

  it("refuses a millisecond more than 30 days from now", () => {
    const e = refusal(() => apply("extend", caseRow(), { due_at: "2026-04-01T02:00:00.001Z", reason: "需要协调" }, at(0)));
    expect(e.message).toBe("at most 30 days from now");
    expect(e.details).toEqual([{ path: "due_at", message: "at most 30 days from now" }]);
  });
});

describe("extend: the decision", () => {
  const pending = (over: Partial<CaseRow> = {}) => caseRow({ extensionDueAt: at(3 * DAY), extensionReason: "需要协调", ...over });

  it("needs approve or decline", () => {
    const e = refusal(() => apply("extend", pending(), {}, at(HOUR)));
    expect(e.message).toBe("approve or decline the pending extension");
    expect(e.details).toEqual([{ path: "approve", message: "approve or decline the pending extension" }]);
  });

  it("approving moves the due time, publicly, and a limit exactly now is not yet overdue", () => {
    const t = apply("extend", pending({ overdue: true }), { approve: true, reason: "同意" }, at(3 * DAY));
    expect(t.patch).toEqual({ dueAt: at(3 * DAY), overdue: false, extensionDueAt: null, extensionReason: null });
    expect(t.text).toBe("同意");
    expect(t.public).toBe(true);
    expect(t.textPublic).toBe(false);
    expect(t.data).toEqual({ approved: true, due_at: "2026-03-05T02:00:00.000Z" });
    expect(apply("extend", pending(), { approve: true, reason: "同意", public: true }, at(HOUR)).textPublic).toBe(true);
  });

  it("approving a limit already past leaves the case overdue", () => {
    const t = apply("extend", pending(), { approve: true }, at(3 * DAY + 1));
    expect(t.patch.overdue).toBe(true);
    expect(t.text).toBeNull();
  });

  it("declining keeps the due time, internally", () => {
    const t = apply("extend", pending(), { approve: false, reason: "理由不足" }, at(HOUR));
    expect(t.patch).toEqual({ extensionDueAt: null, extensionReason: null });
    expect(t.text).toBe("理由不足");
    expect(t.public).toBe(false);
    // A declined request is not on the trail, marked or not.
    expect(apply("extend", pending(), { approve: false, reason: "理由不足", public: true }, at(HOUR)).textPublic).toBe(false);
    expect(t.data).toEqual({ approved: false, due_at: "2026-03-05T02:00:00.000Z" });
  });
});

describe("reject, merge, urge", () => {
  it("rejects publicly, clearing overdue", () => {
    const t = apply("reject", caseRow({ overdue: true }), { reason: "不属实" }, at(HOUR));
    expect(t.patch).toEqual({ status: "rejected", closedAt: at(HOUR), overdue: false });
    expect(t.text).toBe("不属实");
    expect(t.public).toBe(true);
  });

  it("merges publicly into the target, clearing overdue and naming the target", () => {
    const target = caseRow({ id: "01TARGET" });
    const t = apply("merge", caseRow({ overdue: true }), { into_case_id: "01TARGET", reason: "重复" }, at(HOUR), { target });
    expect(t.patch).toEqual({ status: "merged", mergedInto: "01TARGET", closedAt: at(HOUR), overdue: false });
    expect(t.text).toBe("重复");
    expect(t.public).toBe(true);
    expect(t.data).toEqual({ into_case_id: "01TARGET" });
  });

  it("merges without a reason with no text", () => {
    const target = caseRow({ id: "01TARGET" });
    expect(apply("merge", caseRow(), { into_case_id: "01TARGET" }, at(HOUR), { target }).text).toBeNull();
  });

  it("an urge at the very due time does not make the case overdue yet", () => {
    const t = apply("urge", caseRow(), { note: "请抓紧" }, at(24 * HOUR));
    expect(t.patch.overdue).toBe(false);
    expect(t.patch.urgeCount).toBe(1);
    expect(t.patch.nextUrgeAt).toEqual(at(48 * HOUR));
    expect(t.text).toBe("请抓紧");
    expect(t.public).toBe(true);
    expect(t.textPublic).toBe(false);
  });

  it("an urge after the due time makes it overdue; without a note it has no text", () => {
    const t = apply("urge", caseRow(), {}, at(24 * HOUR + 1));
    expect(t.patch.overdue).toBe(true);
    expect(t.text).toBeNull();
  });
});

describe("feedback and auto-close", () => {
  it("a satisfied resident closes the case, publicly, saying so", () => {
    const t = applyFeedback(caseRow({ status: "resolved" }), "satisfied", "很满意", at(HOUR));
    expect(t.patch.status).toBe("closed");
    expect(t.patch.satisfaction).toBe("satisfied");
    expect(t.public).toBe(true);
    expect(t.data).toEqual({ satisfied: true, grade: "satisfied" });
  });

  it("a mostly satisfied resident closes the case as satisfied, the grade kept on the event", () => {
    const t = applyFeedback(caseRow({ status: "resolved" }), "basically_satisfied", null, at(HOUR));
    expect(t.patch).toEqual({ status: "closed", closedAt: at(HOUR), satisfaction: "satisfied", feedbackComment: null });
    expect(t.public).toBe(true);
    expect(t.data).toEqual({ satisfied: true, grade: "basically_satisfied" });
  });

  it("an unsatisfied resident reopens it, publicly, saying so", () => {
    const t = applyFeedback(caseRow({ status: "resolved" }), "unsatisfied", "没有清理干净", at(HOUR));
    expect(t.patch.status).toBe("in_progress");
    expect(t.patch.satisfaction).toBe("unsatisfied");
    expect(t.patch.dueAt).toEqual(at(25 * HOUR));
    expect(t.public).toBe(true);
    expect(t.data).toEqual({ satisfied: false, grade: "unsatisfied" });
  });

  it("closing by itself is public", () => {
    expect(applyAutoClose(at(HOUR))).toEqual({ patch: { status: "closed", closedAt: at(HOUR) }, text: null, public: true });
  });
});

describe("the resident's actions in the table", () => {
  const resident = { holder: false, supervisor: false, district: false, staff: false, resident: true, system: false };
  const staff = { ...resident, resident: false, staff: true, holder: true, supervisor: true };

  it("supplement: a note, a photo or both while open, public and readable; neither is refused", () => {
    const t = apply("supplement", caseRow(), { note: "楼道里又多了几辆电动车" }, at(HOUR));
    expect(t).toEqual({ patch: {}, text: "楼道里又多了几辆电动车", public: true, textPublic: true });
    const withPhoto = apply("supplement", caseRow(), { photo_key: "photos/abc.jpg" }, at(HOUR));
    expect(withPhoto).toEqual({
      patch: {},
      text: null,
      public: true,
      textPublic: true,
      data: { photo_key: "photos/abc.jpg" },
      photoKeys: ["photos/abc.jpg"],
    });
    const e = refusal(() => apply("supplement", caseRow(), {}, at(HOUR)));
    expect(e.code).toBe("validation_failed");
    expect(e.details).toEqual([{ path: "note", message: "add a note, a photo or both" }]);
    expect(ACTIONS.supplement!.from).toEqual(["submitted", "in_progress"]);
    expect(ACTIONS.supplement!.may(resident, caseRow(), at(HOUR))).toBe(true);
    expect(ACTIONS.supplement!.may(staff, caseRow(), at(HOUR))).toBe(false);
  });

  it("urge: the resident only once the time limit has passed or the scheduler flagged it", () => {
    const spec = ACTIONS.urge!;
    expect(spec.may(resident, caseRow(), at(24 * HOUR))).toBe(false);
    expect(spec.may(resident, caseRow(), at(24 * HOUR + 1))).toBe(true);
    expect(spec.may(resident, caseRow({ overdue: true }), at(HOUR))).toBe(true);
    const t = apply("urge", caseRow(), {}, at(25 * HOUR));
    expect(t.text).toBeNull();
    expect(t.patch.overdue).toBe(true);
  });

  it("feedback: the resident on an answered case, with a grade", () => {
    expect(ACTIONS.feedback!.from).toEqual(["resolved"]);
    expect(ACTIONS.feedback!.needs).toEqual(["grade"]);
    expect(ACTIONS.feedback!.may(resident, caseRow({ status: "resolved" }), at(HOUR))).toBe(true);
    expect(ACTIONS.feedback!.may(staff, caseRow({ status: "resolved" }), at(HOUR))).toBe(false);
    const t = apply("feedback", caseRow({ status: "resolved" }), { grade: "basically_satisfied", comment: "还行" }, at(HOUR));
    expect(t.patch).toMatchObject({ status: "closed", satisfaction: "satisfied", feedbackComment: "还行" });
    expect(t.data).toEqual({ satisfied: true, grade: "basically_satisfied" });
  });
});
