// Who is told what (issue 21's table), through the real workflow table: each event's before and
// after rows are made by the action itself, then the rules say which audiences hear of it.
import { describe, expect, it } from "vitest";
import type { CaseRow } from "../schema/case.ts";
import type { CaseAction } from "../schema/constants.ts";
import { noticesFor } from "../worker/notify/rules.ts";
import { ACTIONS, type References } from "../worker/workflow/actions.ts";
import type { WorkflowPayload } from "../worker/workflow/payload.ts";
import { transitionRecords } from "../worker/workflow/store.ts";

const HOUR = 3600_000;
const T0 = Date.parse("2026-03-02T02:00:00Z");
const at = (ms: number) => new Date(T0 + ms);

function caseRow(over: Partial<CaseRow> = {}): CaseRow {
  return {
    id: "01CASE",
    trackingCode: "3479ACDEFG",
    category: "safety_hazard",
    channel: "qr",
    description: "楼道堆放杂物",
    photoKey: null,
    mediaUrl: null,
    attributes: null,
    stationCode: "JH0501V",
    microGridId: null,
    address: null,
    lat: null,
    lng: null,
    notifyResident: true,
    areaPath: "/xhl/jh/jh05/jh0501/",
    streetId: "jh",
    communityId: "jh05",
    gridId: "jh0501",
    reporterName: null,
    reporterPhone: "13812345678",
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
    createdBy: "qr",
    idempotencyKey: null,
    requestHash: null,
    revision: "REV0",
    createdAt: at(0),
    updatedAt: at(0),
    ...over,
  };
}

/** The notices of taking `action` on `before` at `now`, as "kind → audience" lines. */
function told(action: CaseAction, before: CaseRow, payload: WorkflowPayload = {}, now = at(HOUR), refs: References = {}) {
  const transition = ACTIONS[action]!.apply(before, payload, { now, refs });
  const { after } = transitionRecords(before, action, { kind: "system" }, transition, now);
  return noticesFor(action, before, after).map(({ kind, audience }) => `${kind} → ${Object.values(audience).join(" ")}`);
}

const market = { id: "market_supervision", name: "区市场监管局" } as References["department"];

describe("who is told what", () => {
  it("a case filed at a grid: the grid's holders and the grid's group", () => {
    const filed = caseRow({ status: "submitted" });
    expect(noticesFor("create", null, filed).map((n) => `${n.kind} → ${Object.values(n.audience).join(" ")}`)).toEqual([
      "case_arrived → holders grid",
      "case_arrived → group grid",
    ]);
    // Filed without a grid: the district holds it.
    expect(noticesFor("create", null, caseRow({ status: "submitted", level: "district" }))[0]!.audience).toEqual({
      to: "holders",
      level: "district",
    });
    // Filed straight into an open report of the same problem: nobody gets new work.
    expect(noticesFor("create", null, caseRow({ status: "merged" }))).toEqual([]);
  });

  it("hand-overs tell the level the case arrives at", () => {
    expect(told("escalate", caseRow())).toEqual(["case_arrived → holders community", "case_arrived → group community"]);
    expect(told("whistle", caseRow({ level: "street" }))).toEqual(["case_arrived → holders district", "case_arrived → group district"]);
    expect(
      told("dispatch", caseRow({ level: "district" }), { department_id: "market_supervision" }, at(HOUR), { department: market }),
    ).toEqual(["case_arrived → holders department", "case_arrived → group department"]);
    expect(told("return", caseRow({ level: "community" }), { reason: "属网格职责" })).toEqual([
      "case_arrived → holders grid",
      "case_arrived → group grid",
    ]);
  });

  it("an urge tells the holder; overdue, the level above too (督办)", () => {
    expect(told("urge", caseRow(), {}, at(HOUR))).toEqual(["case_urged → holders grid", "case_urged → group grid"]);
    expect(told("urge", caseRow(), {}, at(25 * HOUR))).toEqual([
      "case_urged → holders grid",
      "case_urged → group grid",
      "case_urged → holders community",
    ]);
    expect(told("urge", caseRow({ level: "department", departmentId: "market_supervision", overdue: true }))).toContain(
      "case_urged → holders district",
    );
    // Nobody is above the district centre but admins, who are not texted.
    expect(told("urge", caseRow({ level: "district", overdue: true }))).toEqual([
      "case_urged → holders district",
      "case_urged → group district",
    ]);
  });

  it("an extension asked goes to the level above; decided, to the asker", () => {
    const due = at(48 * HOUR).toISOString();
    expect(told("extend", caseRow(), { due_at: due, reason: "等待物业配合" })).toEqual(["extension_asked → holders community"]);
    const pending = caseRow({ extensionDueAt: at(48 * HOUR), extensionReason: "等待物业配合" });
    expect(told("extend", pending, { approve: true })).toEqual(["extension_decided → extension_asker"]);
    expect(told("extend", pending, { approve: false })).toEqual(["extension_decided → extension_asker"]);
  });

  it("resolved tells the resident; reopened (不满意) tells the holder", () => {
    expect(told("resolve", caseRow(), { resolution: "已清理楼道" })).toEqual(["case_resolved → resident"]);
    const resolved = caseRow({ status: "resolved", resolvedAt: at(HOUR), resolution: "已清理楼道" });
    expect(told("feedback", resolved, { grade: "unsatisfied" })).toEqual(["case_reopened → holders grid", "case_reopened → group grid"]);
    expect(told("feedback", resolved, { grade: "satisfied" })).toEqual([]);
  });

  it("everything else tells nobody", () => {
    expect(told("accept", caseRow({ status: "submitted" }))).toEqual([]);
    expect(told("note", caseRow(), { note: "已联系物业" })).toEqual([]);
    expect(told("supplement", caseRow(), { note: "还有一辆电动车" })).toEqual([]);
    expect(told("reject", caseRow(), { reason: "不属于受理范围" })).toEqual([]);
  });
});
