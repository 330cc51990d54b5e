import type { CaseEventRow, CaseRow } from "../../schema/case.ts";
import type { CaseAction } from "../../schema/constants.ts";
import type { STAFF_MESSAGES } from "./messages.ts";

/**
 * What a button on the case screen says it does (接单, 上报社区, 批准延期): one verb per thing a
 * person can do, which for some actions depends on the case (where an escalation goes, whether an
 * extension is asked for or decided). The same word names the confirmation after it is done.
 */
export type StaffVerb = keyof (typeof STAFF_MESSAGES)["zh"]["caseScreen"]["verbs"];

const VERBS = new Set<string>([
  "create",
  "accept",
  "assign",
  "escalate_community",
  "escalate_street",
  "whistle",
  "dispatch",
  "register",
  "resolve",
  "return",
  "extend_request",
  "extend_approve",
  "extend_decline",
  "reject",
  "merge",
  "note",
  "urge",
  "supervise",
  "lift_supervision",
] satisfies StaffVerb[]);

/** A `?done=` value as a verb; anything else (a hand-typed address) is no verb and shows nothing. */
export function verbOf(value: string | undefined): StaffVerb | null {
  return value && VERBS.has(value) ? (value as StaffVerb) : null;
}

/** The verbs offered for an action the actor may take on the case now (the extension's decision is two). */
export function verbsFor(action: CaseAction, row: Pick<CaseRow, "level" | "extensionDueAt">): StaffVerb[] {
  switch (action) {
    case "escalate":
      return row.level === "grid" ? ["escalate_community"] : ["escalate_street"];
    case "extend":
      return row.extensionDueAt ? ["extend_approve", "extend_decline"] : ["extend_request"];
    default:
      return verbOf(action) ? [action as StaffVerb] : [];
  }
}

/** The verb an event records having been done (what its confirmation says). */
export function verbOfEvent(event: Pick<CaseEventRow, "action" | "toLevel" | "data">): StaffVerb | null {
  if (event.action === "escalate") return event.toLevel === "community" ? "escalate_community" : "escalate_street";
  if (event.action === "extend") {
    const approved = event.data?.approved;
    return approved === undefined ? "extend_request" : approved ? "extend_approve" : "extend_decline";
  }
  return verbOf(event.action);
}
