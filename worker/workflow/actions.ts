import type { CaseRow } from "../../schema/case.ts";
import { type CaseAction, type CaseLevel, type CaseStatus, type FeedbackGrade, OPEN_STATUSES } from "../../schema/constants.ts";
import type { Department } from "../../schema/department.ts";
import type { Staff } from "../../schema/staff.ts";
import { DomainError } from "../domain-error.ts";
import { levelAbove, levelBelow } from "./levels.ts";
import type { WorkflowPayload } from "./payload.ts";
import { dueAt, MAX_EXTENSION_MS, urgePeriodMs } from "./time-limits.ts";

/** How the actor stands to the case; computed once by the engine. */
export interface Relation {
  holder: boolean;
  supervisor: boolean;
  /** District staff who see the case: they alone put it under supervision (督办) and lift it. */
  district: boolean;
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
  /** Whether the event is on the resident's trail. */
  public: boolean;
  /** Whether the resident may read `text` (default: as `public`); hand-over reasons only when staff mark them. */
  textPublic?: boolean;
  data?: Record<string, unknown>;
  /** Photos the action attaches to the case (`case_photo`), written in the same batch. */
  photoKeys?: string[];
}

interface ActionContext {
  now: Date;
  refs: References;
}

export interface ActionSpec {
  /** Who may take it, given how they stand to the case, its state and the time. */
  may: (r: Relation, row: CaseRow, now: Date) => boolean;
  from: readonly CaseStatus[];
  levels?: readonly CaseLevel[];
  /** Payload fields that must be present. */
  needs?: readonly (keyof WorkflowPayload)[];
  apply: (row: CaseRow, p: WorkflowPayload, ctx: ActionContext) => Transition;
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

function invalid(path: keyof WorkflowPayload, message: string): never {
  throw new DomainError("validation_failed", message, { details: [{ path, message }] });
}

/** Past its time limit: flagged by the scheduler, or simply due before now. */
export function isOverdue(row: Pick<CaseRow, "overdue" | "dueAt">, now: Date): boolean {
  return row.overdue || now.getTime() > row.dueAt.getTime();
}

/**
 * A hand-over's or a supervisor's text (a reason, a note) is internal unless the member of staff
 * marks it for the resident (`public`); the hand-over itself is on the resident's trail.
 */
const markedForResident = (p: WorkflowPayload) => p.public ?? false;

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
    apply: (row, p, { now }) => ({
      patch: handOver(row, levelAbove(row.level)!, now),
      text: p.reason ?? null,
      public: true,
      textPublic: markedForResident(p),
    }),
  },
  whistle: {
    may: (r) => r.holder,
    from: OPEN_STATUSES,
    levels: ["street"],
    apply: (row, p, { now }) => ({
      patch: handOver(row, "district", now),
      text: p.reason ?? null,
      public: true,
      textPublic: markedForResident(p),
    }),
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
      textPublic: markedForResident(p),
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
      // A photo of the result (the "after" beside the resident's "before"), shown to the resident too.
      ...(p.photo_key ? { data: { photo_key: p.photo_key }, photoKeys: [p.photo_key] } : {}),
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
      // The resident's trail says where the case went back to; why stays internal unless marked.
      return { patch, text: p.reason!, public: true, textPublic: markedForResident(p) };
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
          textPublic: markedForResident(p),
          data: { requested_due_at: requested.toISOString() },
        };
      }
      if (p.approve === undefined) invalid("approve", "approve or decline the pending extension");
      const approved = p.approve ? { dueAt: row.extensionDueAt, overdue: row.extensionDueAt.getTime() < now.getTime() } : {};
      return {
        patch: { ...approved, extensionDueAt: null, extensionReason: null },
        text: p.reason ?? null,
        public: p.approve,
        textPublic: p.approve && markedForResident(p),
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
    apply: (_row, p) => ({ patch: {}, text: p.note!, public: markedForResident(p) }),
  },
  urge: {
    // 催办: the level above or the scheduler at any time; the resident once the time limit has passed.
    may: (r, row, now) => r.supervisor || r.system || (r.resident && isOverdue(row, now)),
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
      textPublic: markedForResident(p),
    }),
  },
  supervise: {
    // 督办: the district puts an open case under supervision, with a reason kept on the case.
    may: (r, row) => r.district && row.supervisedAt === null,
    from: OPEN_STATUSES,
    needs: ["reason"],
    apply: (_row, p, { now }) => ({
      patch: { supervisedAt: now, supervisionReason: p.reason! },
      text: p.reason!,
      public: markedForResident(p),
    }),
  },
  lift_supervision: {
    // Whatever the case's state: a finished case's supervision is lifted once the district has checked it.
    may: (r, row) => r.district && row.supervisedAt !== null,
    from: ANY_STATUS,
    apply: (row, p) => ({
      patch: { supervisedAt: null, supervisionReason: null },
      text: p.reason ?? null,
      public: markedForResident(p),
      data: { supervised_at: row.supervisedAt!.toISOString() },
    }),
  },
  feedback: {
    // 回访/评价 by the resident, through the tracking code.
    may: (r) => r.resident,
    from: ["resolved"],
    needs: ["grade"],
    apply: (row, p, { now }) => applyFeedback(row, p.grade!, p.comment ?? null, now),
  },
  supplement: {
    // The resident adds what they know (a note, a photo, or both) while the case is open.
    may: (r) => r.resident,
    from: OPEN_STATUSES,
    apply: (_row, p) => {
      if (!p.note && !p.photo_key) invalid("note", "add a note, a photo or both");
      const photo = p.photo_key ? { data: { photo_key: p.photo_key }, photoKeys: [p.photo_key] } : {};
      return { patch: {}, text: p.note ?? null, public: true, textPublic: true, ...photo };
    },
  },
};

/**
 * What the resident's feedback does: 满意 and 基本满意 close the case as satisfied, 不满意 sends it
 * back to its holder on a new clock. The event keeps the grade for reports.
 */
export function applyFeedback(row: CaseRow, grade: FeedbackGrade, comment: string | null, now: Date): Transition {
  const satisfied = grade !== "unsatisfied";
  if (satisfied) {
    return {
      patch: { status: "closed", closedAt: now, satisfaction: "satisfied", feedbackComment: comment },
      text: comment,
      public: true,
      data: { satisfied, grade },
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
    data: { satisfied, grade },
  };
}

/** What the scheduler does to a resolved case nobody gave feedback on. */
export function applyAutoClose(now: Date): Transition {
  return { patch: { status: "closed", closedAt: now }, text: null, public: true };
}
