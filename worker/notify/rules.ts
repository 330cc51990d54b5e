import type { CaseRow } from "../../schema/case.ts";
import type { CaseAction, CaseLevel } from "../../schema/constants.ts";
import { SUPERVISOR_LEVEL } from "../workflow/relation.ts";
import type { NotificationKind } from "./channel.ts";

// Who is told what (issue 21's table), as a pure function of one case event. It names audiences,
// not people: the outbox (outbox.ts) turns each into rows inside the event's own batch, so the
// recipients are read from the same snapshot the event is written against.

/**
 * `holders`: the staff who hold the case at `level` (the assignee instead, when the case has one
 * at that level), by SMS. `group`: the WeChat Work group of the case's area at `level`.
 * `extension_asker`: whoever asked for the pending extension. `resident`: the reporter, if they
 * asked to be told and left a number.
 */
export type Audience =
  | { to: "holders"; level: CaseLevel }
  | { to: "group"; level: CaseLevel }
  | { to: "extension_asker" }
  | { to: "resident" };

export interface Notice {
  kind: NotificationKind;
  audience: Audience;
}

/** A case that has arrived at a level: its holders and the level's group. */
const arrivedAt = (kind: NotificationKind, level: CaseLevel): Notice[] => [
  { kind, audience: { to: "holders", level } },
  { kind, audience: { to: "group", level } },
];

/** The notices one event causes. `before` is null for a case being filed. */
export function noticesFor(action: CaseAction, before: CaseRow | null, after: CaseRow): Notice[] {
  switch (action) {
    case "create":
      // A report filed straight into an open one (合并办理) brings nobody new work.
      return after.status === "submitted" ? arrivedAt("case_arrived", after.level) : [];
    case "escalate":
    case "whistle":
    case "dispatch":
    case "return":
      return arrivedAt("case_arrived", after.level);
    case "urge": {
      const above = SUPERVISOR_LEVEL[after.level];
      // Overdue: the level above is told as well (督办).
      const supervisors: Notice[] = after.overdue && above ? [{ kind: "case_urged", audience: { to: "holders", level: above } }] : [];
      return [...arrivedAt("case_urged", after.level), ...supervisors];
    }
    case "extend": {
      if (before?.extensionDueAt === null) {
        const above = SUPERVISOR_LEVEL[after.level];
        return above ? [{ kind: "extension_asked", audience: { to: "holders", level: above } }] : [];
      }
      return [{ kind: "extension_decided", audience: { to: "extension_asker" } }];
    }
    case "resolve":
      return [{ kind: "case_resolved", audience: { to: "resident" } }];
    case "feedback":
      // 不满意 sends the case back to its holder.
      return after.status === "in_progress" ? arrivedAt("case_reopened", after.level) : [];
    default:
      return [];
  }
}
