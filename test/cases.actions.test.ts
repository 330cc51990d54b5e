import { beforeAll, describe, expect, it } from "vitest";
import type { CaseAction } from "../schema/constants.ts";
import { act, actOk, fileCase } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn, signInCast } from "./helpers/staff.ts";
import { call, sendJson } from "./helpers/worker.ts";

type Who = "grid" | "community" | "street" | "district" | "market" | "police" | "assistant";
const people = {} as Record<Who, Record<string, string>>;

beforeAll(async () => {
  await seedDemo();
  Object.assign(people, await signInCast());
});

type State =
  | "grid_submitted"
  | "grid_in_progress"
  | "community_submitted"
  | "street_submitted"
  | "district_submitted"
  | "department_submitted"
  | "department_in_progress"
  | "resolved"
  | "closed";

/** Files a case and walks it to a state through the API; returns its id. */
async function caseIn(state: State): Promise<string> {
  const { id, tracking_code: trackingCode } = await fileCase();
  const steps: [CaseAction, Who, Record<string, unknown>][] = [];
  const up = (...s: [CaseAction, Who, Record<string, unknown>][]) => steps.push(...s);
  const toDepartment = () =>
    up(["escalate", "grid", {}], ["escalate", "community", {}], ["whistle", "street", {}], ["dispatch", "district", { department_id: "market_supervision" }]);
  switch (state) {
    case "grid_submitted":
      break;
    case "grid_in_progress":
      up(["accept", "grid", {}]);
      break;
    case "community_submitted":
      up(["escalate", "grid", {}]);
      break;
    case "street_submitted":
      up(["escalate", "grid", {}], ["escalate", "community", {}]);
      break;
    case "district_submitted":
      up(["escalate", "grid", {}], ["escalate", "community", {}], ["whistle", "street", {}]);
      break;
    case "department_submitted":
      toDepartment();
      break;
    case "department_in_progress":
      toDepartment();
      up(["register", "market", {}]);
      break;
    case "resolved":
    case "closed":
      up(["accept", "grid", {}], ["resolve", "grid", { resolution: "已处理完毕" }]);
      break;
  }
  for (const [action, who, payload] of steps) await actOk(id, action, people[who], payload);
  if (state === "closed") {
    const res = await call(`/api/v1/track/${trackingCode}/feedback`, sendJson("POST", { satisfied: true }));
    expect(res.status).toBe(200);
  }
  return id;
}

interface Row {
  action: CaseAction;
  payload: Record<string, unknown>;
  allowed: [State, Who];
  wrongState: [State, Who];
  wrongRole: [State, Who];
}

const later = () => new Date(Date.now() + 5 * 24 * 3600 * 1000).toISOString();

const MATRIX: Row[] = [
  { action: "accept", payload: {}, allowed: ["grid_submitted", "grid"], wrongState: ["grid_in_progress", "grid"], wrongRole: ["grid_submitted", "community"] },
  { action: "assign", payload: {}, allowed: ["grid_submitted", "grid"], wrongState: ["resolved", "grid"], wrongRole: ["grid_submitted", "street"] },
  { action: "escalate", payload: {}, allowed: ["grid_in_progress", "grid"], wrongState: ["street_submitted", "street"], wrongRole: ["grid_submitted", "district"] },
  { action: "whistle", payload: {}, allowed: ["street_submitted", "street"], wrongState: ["community_submitted", "community"], wrongRole: ["street_submitted", "district"] },
  { action: "dispatch", payload: { department_id: "market_supervision" }, allowed: ["district_submitted", "district"], wrongState: ["street_submitted", "street"], wrongRole: ["district_submitted", "street"] },
  { action: "register", payload: {}, allowed: ["department_submitted", "market"], wrongState: ["department_in_progress", "market"], wrongRole: ["department_submitted", "district"] },
  { action: "resolve", payload: { resolution: "已处理完毕" }, allowed: ["department_in_progress", "market"], wrongState: ["grid_submitted", "grid"], wrongRole: ["grid_in_progress", "community"] },
  { action: "return", payload: { reason: "不属本级职责" }, allowed: ["community_submitted", "community"], wrongState: ["grid_submitted", "grid"], wrongRole: ["community_submitted", "grid"] },
  { action: "extend", payload: { due_at: "LATER", reason: "需要更多时间" }, allowed: ["grid_in_progress", "grid"], wrongState: ["resolved", "grid"], wrongRole: ["grid_in_progress", "street"] },
  { action: "reject", payload: { reason: "无效内容" }, allowed: ["grid_submitted", "grid"], wrongState: ["resolved", "grid"], wrongRole: ["grid_submitted", "community"] },
  { action: "merge", payload: { into_case_id: "TARGET" }, allowed: ["grid_submitted", "grid"], wrongState: ["closed", "grid"], wrongRole: ["grid_submitted", "assistant"] },
  // Notes fit every status; their forbidden cases are actors who cannot see the case.
  { action: "note", payload: { note: "记录一下" }, allowed: ["closed", "grid"], wrongState: ["closed", "police"], wrongRole: ["grid_submitted", "market"] },
  { action: "urge", payload: {}, allowed: ["grid_submitted", "community"], wrongState: ["resolved", "community"], wrongRole: ["grid_submitted", "grid"] },
];

describe("every action, allowed and forbidden", () => {
  for (const row of MATRIX) {
    it(`${row.action}: allowed, wrong state, wrong role`, async () => {
      const payload = async () => {
        const p = { ...row.payload };
        if (p.due_at === "LATER") p.due_at = later();
        if (p.into_case_id === "TARGET") p.into_case_id = (await fileCase()).id;
        return p;
      };
      const assignee = row.action === "assign" ? { assignee_id: (await signIn("grid_chief", { area: "jh0501" })).staff.id } : {};

      const okCase = await caseIn(row.allowed[0]);
      const ok = await act(okCase, row.action, people[row.allowed[1]], { ...(await payload()), ...assignee });
      expect(ok.status, await ok.clone().text()).toBe(200);

      for (const [state, who] of [row.wrongState, row.wrongRole]) {
        const id = await caseIn(state);
        const res = await act(id, row.action, people[who], { ...(await payload()), ...assignee });
        // 409 when the actor sees the case but may not do this now; 404 when it is not theirs to see.
        expect([404, 409], `${row.action} by ${who} on ${state}: ${await res.clone().text()}`).toContain(res.status);
        const body = (await res.json()) as { error: { code: string } };
        expect(body.error.code).toBe(res.status === 404 ? "not_found" : "invalid_transition");
      }
    });
  }
});
