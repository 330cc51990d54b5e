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
    up(
      ["escalate", "grid", {}],
      ["escalate", "community", {}],
      ["whistle", "street", {}],
      ["dispatch", "district", { department_id: "market_supervision" }],
    );
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

/** A forbidden try: the state, who tries, and how it is refused (409 seen but not allowed now, 404 not theirs to see). */
type Refusal = [State, Who, 404 | 409];

interface Row {
  action: CaseAction;
  payload: Record<string, unknown>;
  allowed: [State, Who];
  wrongState: Refusal;
  wrongRole: Refusal;
}

const later = () => new Date(Date.now() + 5 * 24 * 3600 * 1000).toISOString();

const MATRIX: Row[] = [
  {
    action: "accept",
    payload: {},
    allowed: ["grid_submitted", "grid"],
    wrongState: ["grid_in_progress", "grid", 409],
    wrongRole: ["grid_submitted", "community", 409],
  },
  {
    action: "assign",
    payload: {},
    allowed: ["grid_submitted", "grid"],
    wrongState: ["resolved", "grid", 409],
    wrongRole: ["grid_submitted", "street", 409],
  },
  {
    action: "escalate",
    payload: {},
    allowed: ["grid_in_progress", "grid"],
    wrongState: ["street_submitted", "street", 409],
    wrongRole: ["grid_submitted", "district", 409],
  },
  {
    action: "whistle",
    payload: {},
    allowed: ["street_submitted", "street"],
    wrongState: ["community_submitted", "community", 409],
    wrongRole: ["street_submitted", "district", 409],
  },
  {
    action: "dispatch",
    payload: { department_id: "market_supervision" },
    allowed: ["district_submitted", "district"],
    wrongState: ["street_submitted", "street", 409],
    wrongRole: ["district_submitted", "street", 409],
  },
  {
    action: "register",
    payload: {},
    allowed: ["department_submitted", "market"],
    wrongState: ["department_in_progress", "market", 409],
    wrongRole: ["department_submitted", "police", 404],
  },
  {
    action: "resolve",
    payload: { resolution: "已处理完毕" },
    allowed: ["department_in_progress", "market"],
    wrongState: ["grid_submitted", "grid", 409],
    wrongRole: ["grid_in_progress", "community", 409],
  },
  {
    action: "return",
    payload: { reason: "不属本级职责" },
    allowed: ["community_submitted", "community"],
    wrongState: ["grid_submitted", "grid", 409],
    wrongRole: ["community_submitted", "grid", 409],
  },
  {
    action: "extend",
    payload: { due_at: "LATER", reason: "需要更多时间" },
    allowed: ["grid_in_progress", "grid"],
    wrongState: ["resolved", "grid", 409],
    wrongRole: ["grid_in_progress", "street", 409],
  },
  {
    action: "reject",
    payload: { reason: "无效内容" },
    allowed: ["grid_submitted", "grid"],
    wrongState: ["resolved", "grid", 409],
    wrongRole: ["grid_submitted", "community", 409],
  },
  {
    action: "merge",
    payload: { into_case_id: "TARGET" },
    allowed: ["grid_submitted", "grid"],
    wrongState: ["closed", "grid", 409],
    wrongRole: ["grid_submitted", "assistant", 404],
  },
  // Notes fit every status; their forbidden cases are actors who cannot see the case.
  {
    action: "note",
    payload: { note: "记录一下" },
    allowed: ["closed", "grid"],
    wrongState: ["closed", "police", 404],
    wrongRole: ["grid_submitted", "market", 404],
  },
  {
    action: "urge",
    payload: {},
    allowed: ["grid_submitted", "community"],
    wrongState: ["resolved", "community", 409],
    wrongRole: ["grid_submitted", "grid", 409],
  },
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

      for (const [state, who, status] of [row.wrongState, row.wrongRole]) {
        const id = await caseIn(state);
        const res = await act(id, row.action, people[who], { ...(await payload()), ...assignee });
        expect(res.status, `${row.action} by ${who} on ${state}: ${await res.clone().text()}`).toBe(status);
        const body = (await res.json()) as { error: { code: string; details?: { allowed_actions?: string[] } } };
        expect(body.error.code).toBe(status === 404 ? "not_found" : "invalid_transition");
        if (status === 409) expect(body.error.details?.allowed_actions).not.toContain(row.action);
      }
    });
  }
});
