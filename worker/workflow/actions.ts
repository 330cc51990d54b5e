import type { CaseRow } from "../../schema/case.ts";
import { type CaseAction, type CaseLevel, type CaseStatus, OPEN_STATUSES } from "../../schema/constants.ts";
import type { Department } from "../../schema/department.ts";
import type { Staff } from "../../schema/staff.ts";
import { DomainError } from "../domain-error.ts";
import { levelAbove, levelBelow } from "./levels.ts";
import type { ActionPayload } from "./payload.ts";
import { dueAt, MAX_EXTENSION_MS, urgePeriodMs } from "./time-limits.ts";

/** How the actor stands to the case; computed once by the engine. */
export interface Relation {
  holder: boolean;
  supervisor: boolean;
  staff: boolean;
  resident: boolean;
  system: boolean;
}

/** Rows an action names, looked up before it is applied. */
export interface References {
  assignee?: Staff;
  department?: Department;
  target?: CaseRow;
}

export interface Transition {
  patch: Partial<CaseRow>;
  text: string | null;
  public: boolean;
  data?: Record<string, unknown>;
}

interface ActionContext {
  now: Date;
  refs: References;
}

export interface ActionSpec {
  /** Who may take it, given how they stand to the case and its state. */
  may: (r: Relation, row: CaseRow) => boolean;
  from: readonly CaseStatus[];
  levels?: readonly CaseLevel[];
  /** Payload fields that must be present. */
  needs?: readonly (keyof ActionPayload)[];
  apply: (row: CaseRow, p: ActionPayload, ctx: ActionContext) => Transition;
}

const ANY_STATUS = ["submitted", "in_progress", "resolved", "closed", "rejected", "merged"] as const;

/** Fields that restart when another level takes the case over. */
function handOver(row: CaseRow, level: CaseLevel, now: Date): Partial<CaseRow> {
  return {
    level,
    status: "submitted",
    assigneeId: null,
    dueAt: dueAt(row.category, level, now),
    overdue: false,
    extensionDueAt: null,
    extensionReason: null,
  };
}

function invalid(path: keyof ActionPayload, message: string): never {
  throw new DomainError("validation_failed", message, { details: [{ path, message }] });
}

/** Whether the case's place reaches down to `level` (a case filed with only an address does not). */
function placeReaches(row: CaseRow, level: CaseLevel): boolean {
  if (level === "grid") return row.gridId !== null;
  if (level === "community") return row.communityId !== null;
  if (level === "street") return row.streetId !== null;
  return true;
}

/**
 * The workflow of DESIGN.md as a table: each action says who may take it, from which statuses and
 * levels, what it needs, and what it changes. Pure: lookups happen before, writes after.
 */
export const ACTIONS: Partial<Record<CaseAction, ActionSpec>> = {
  accept: {
    may: (r) => r.holder,
    from: ["submitted"],
    levels: ["grid", "community", "street", "district"],
    apply: () => ({ patch: { status: "in_progress" }, text: null, public: true }),
  },
  assign: {
    may: (r) => r.holder,
    from: OPEN_STATUSES,
    needs: ["assignee_id"],
    apply: (_row, _p, { refs }) => ({
      patch: { assigneeId: refs.assignee!.id },
      text: null,
      public: false,
      data: { assignee_id: refs.assignee!.id, assignee_name: refs.assignee!.name },
    }),
  },
  escalate: {
    may: (r) => r.holder,
    from: OPEN_STATUSES,
    levels: ["grid", "community"],
    apply: (row, p, { now }) => ({ patch: handOver(row, levelAbove(row.level)!, now), text: p.reason ?? null, public: true }),
  },
  whistle: {
    may: (r) => r.holder,
    from: OPEN_STATUSES,
    levels: ["street"],
    apply: (row, p, { now }) => ({ patch: handOver(row, "district", now), text: p.reason ?? null, public: true }),
  },
  dispatch: {
    may: (r) => r.holder,
    from: OPEN_STATUSES,
    levels: ["district"],
    needs: ["department_id"],
    apply: (row, p, { now, refs }) => ({
      patch: { ...handOver(row, "department", now), departmentId: refs.department!.id },
      text: p.note ?? p.reason ?? null,
      public: true,
      data: { department_id: refs.department!.id, department_name: refs.department!.name },
    }),
  },
  register: {
    may: (r) => r.holder,
    from: ["submitted"],
    levels: ["department"],
    apply: (row, _p, { now }) => ({
      patch: { status: "in_progress", dueAt: dueAt(row.category, "department", now), overdue: false },
      text: null,
      public: true,
    }),
  },
  resolve: {
    may: (r) => r.holder,
    from: ["in_progress"],
    needs: ["resolution"],
    apply: (row, p, { now }) => ({
      patch: {
        status: "resolved",
        resolution: p.resolution!,
        resolvedAt: now,
        resolvedLevel: row.level,
        resolvedOnTime: now.getTime() <= row.dueAt.getTime(),
        overdue: false,
        extensionDueAt: null,
        extensionReason: null,
      },
      text: p.resolution!,
      public: true,
    }),
  },
  return: {
    may: (r) => r.holder,
    from: OPEN_STATUSES,
    levels: ["community", "street", "district", "department"],
    needs: ["reason"],
    apply: (row, p, { now }) => {
      const below = levelBelow(row.level)!;
      if (!placeReaches(row, below)) invalid("reason", `this case has no ${below} to return to`);
      const patch = { ...handOver(row, below, now), ...(row.level === "department" ? { departmentId: null } : {}) };
      return { patch, text: p.reason!, public: false };
    },
  },
  extend: {
    // The holder asks; the level above decides on a pending request.
    may: (r, row) => (r.holder && row.extensionDueAt === null) || (r.supervisor && row.extensionDueAt !== null),
    from: OPEN_STATUSES,
    apply: (row, p, { now }) => {
      if (row.extensionDueAt === null) {
        if (!p.due_at) invalid("due_at", "ask for a new time limit");
        if (!p.reason) invalid("reason", "say why more time is needed");
        const requested = new Date(p.due_at);
        if (requested <= row.dueAt) invalid("due_at", "the new time limit must be later than the current one");
        if (requested.getTime() > now.getTime() + MAX_EXTENSION_MS) invalid("due_at", "at most 30 days from now");
        return {
          patch: { extensionDueAt: requested, extensionReason: p.reason },
          text: p.reason,
          public: false,
          data: { requested_due_at: requested.toISOString() },
        };
      }
      if (p.approve === undefined) invalid("approve", "approve or decline the pending extension");
      const approved = p.approve ? { dueAt: row.extensionDueAt, overdue: row.extensionDueAt.getTime() < now.getTime() } : {};
      return {
        patch: { ...approved, extensionDueAt: null, extensionReason: null },
        text: p.reason ?? null,
        public: p.approve,
        data: { approved: p.approve, due_at: row.extensionDueAt.toISOString() },
      };
    },
  },
  reject: {
    may: (r) => r.holder,
    from: OPEN_STATUSES,
    needs: ["reason"],
    apply: (_row, p, { now }) => ({ patch: { status: "rejected", closedAt: now, overdue: false }, text: p.reason!, public: true }),
  },
  merge: {
    may: (r) => r.holder,
    from: OPEN_STATUSES,
    needs: ["into_case_id"],
    apply: (_row, p, { now, refs }) => ({
      patch: { status: "merged", mergedInto: refs.target!.id, closedAt: now, overdue: false },
      text: p.reason ?? null,
      public: true,
      data: { into_case_id: refs.target!.id },
    }),
  },
  note: {
    may: (r) => r.staff,
    from: ANY_STATUS,
    needs: ["note"],
    apply: (_row, p) => ({ patch: {}, text: p.note!, public: p.public ?? false }),
  },
  urge: {
    may: (r) => r.supervisor || r.system,
    from: OPEN_STATUSES,
    apply: (row, p, { now }) => ({
      patch: {
        urgeCount: row.urgeCount + 1,
        lastUrgedAt: now,
        overdue: row.overdue || now > row.dueAt,
        nextUrgeAt: new Date(Math.max(now.getTime(), row.dueAt.getTime()) + urgePeriodMs(row.category, row.level)),
      },
      text: p.note ?? null,
      public: true,
    }),
  },
};

/** What the resident's feedback does (not a staff action: it goes through the tracking code). */
export function applyFeedback(row: CaseRow, satisfied: boolean, comment: string | null, now: Date): Transition {
  if (satisfied) {
    return {
      patch: { status: "closed", closedAt: now, satisfaction: "satisfied", feedbackComment: comment },
      text: comment,
      public: true,
      data: { satisfied },
    };
  }
  return {
    patch: {
      status: "in_progress",
      satisfaction: "unsatisfied",
      feedbackComment: comment,
      reopenCount: row.reopenCount + 1,
      resolvedAt: null,
      resolvedLevel: null,
      resolvedOnTime: null,
      dueAt: dueAt(row.category, row.level, now),
      overdue: false,
    },
    text: comment,
    public: true,
    data: { satisfied },
  };
}

/** What the scheduler does to a resolved case nobody gave feedback on. */
export function applyAutoClose(now: Date): Transition {
  return { patch: { status: "closed", closedAt: now }, text: null, public: true };
}
