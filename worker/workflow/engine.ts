import { and, eq } from "drizzle-orm";
import { type CaseRow, caseTable } from "../../schema/case.ts";
import { type CaseAction, FINAL_STATUSES } from "../../schema/constants.ts";
import { department } from "../../schema/department.ts";
import { staff } from "../../schema/staff.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { ACTIONS, type ActionSpec, type References, type Relation } from "./actions.ts";
import { type Actor, type StaffActor, staffActorOf } from "./actor.ts";
import { ROLE_LEVEL } from "./levels.ts";
import type { ActionPayload, WorkflowPayload } from "./payload.ts";
import { canSee, isDistrictStaff, isHolder, isSupervisor } from "./relation.ts";
import { commitTransition } from "./store.ts";

export function relationOf(actor: Actor, row: CaseRow): Relation {
  const staffActor = actor.kind === "staff" ? actor : null;
  return {
    holder: staffActor !== null && isHolder(staffActor, row),
    supervisor: staffActor !== null && isSupervisor(staffActor, row),
    district: staffActor !== null && isDistrictStaff(staffActor, row),
    staff: staffActor !== null && canSee(staffActor, row),
    resident: actor.kind === "resident",
    system: actor.kind === "system",
  };
}

function permits(spec: ActionSpec, relation: Relation, row: CaseRow, now: Date): boolean {
  return spec.from.includes(row.status) && (!spec.levels || spec.levels.includes(row.level)) && spec.may(relation, row, now);
}

/** The actions this actor may take on this case now, in the table's order. */
export function allowedActions(actor: Actor, row: CaseRow, now = new Date()): CaseAction[] {
  const relation = relationOf(actor, row);
  return (Object.entries(ACTIONS) as [CaseAction, ActionSpec][])
    .filter(([, spec]) => permits(spec, relation, row, now))
    .map(([action]) => action);
}

/** Why a resident cannot take an action now, for API clients (pages say it in the visitor's words). */
const RESIDENT_REFUSALS: Partial<Record<CaseAction, string>> = {
  feedback: "Feedback is given once the case is answered",
  supplement: "Information can be added while the case is open",
  urge: "A case can be urged once its time limit has passed, while it is open",
};

/** 409 `invalid_transition` naming what is allowed now, unless the actor may take the action. */
export function refuseUnlessAllowed(actor: Actor, row: CaseRow, action: CaseAction, now: Date): ActionSpec {
  const spec = ACTIONS[action];
  if (spec && permits(spec, relationOf(actor, row), row, now)) return spec;
  const allowed = allowedActions(actor, row, now);
  const why =
    actor.kind === "resident" && RESIDENT_REFUSALS[action]
      ? `${RESIDENT_REFUSALS[action]}; it is ${row.status} now.`
      : `You cannot ${action} this case while it is ${row.status} at the ${row.level} level.`;
  throw new DomainError("invalid_transition", `${why} Allowed now: ${allowed.join(", ") || "nothing"}.`, {
    details: { action, status: row.status, level: row.level, allowed_actions: allowed },
  });
}

/** 400 naming the payload fields the action needs and did not get. */
function refuseMissing(spec: ActionSpec, action: CaseAction, payload: WorkflowPayload) {
  const missing = (spec.needs ?? []).filter((field) => payload[field] === undefined);
  if (missing.length > 0) {
    throw new DomainError("validation_failed", `${action} needs ${missing.join(", ")}.`, {
      details: missing.map((path) => ({ path, message: `required for ${action}` })),
    });
  }
}

/** A case the actor may see, or 404 (whether it exists elsewhere is not told). */
async function loadVisibleCase(db: Database, actor: StaffActor, id: string): Promise<CaseRow> {
  const row = await db.query.caseTable.findFirst({ where: eq(caseTable.id, id) });
  if (!row || !canSee(actor, row)) throw new DomainError("not_found", `There is no case ${id} in your area.`);
  return row;
}

/** Looks up what the payload names, refusing what does not fit the case. */
async function resolveReferences(db: Database, actor: StaffActor, row: CaseRow, action: CaseAction, p: ActionPayload) {
  const refs: References = {};
  if (action === "assign") {
    const assignee = await db.query.staff.findFirst({ where: and(eq(staff.id, p.assignee_id!), eq(staff.active, true)) });
    const fits = assignee && ROLE_LEVEL[assignee.role] === row.level && canSee(staffActorOf(assignee), row);
    if (!fits) {
      throw new DomainError("validation_failed", "The assignee must be active staff of the level and area holding the case.", {
        details: [{ path: "assignee_id", message: `staff ${p.assignee_id} cannot take this case` }],
      });
    }
    refs.assignee = assignee;
  }
  if (action === "dispatch") {
    const found = await db.query.department.findFirst({ where: and(eq(department.id, p.department_id!), eq(department.active, true)) });
    if (!found) {
      throw new DomainError("validation_failed", `There is no department ${p.department_id}.`, {
        details: [{ path: "department_id", message: "unknown department" }],
      });
    }
    refs.department = found;
  }
  if (action === "merge") {
    const target = await db.query.caseTable.findFirst({ where: eq(caseTable.id, p.into_case_id!) });
    const problem =
      !target || !canSee(actor, target)
        ? "no such case in your area"
        : target.id === row.id
          ? "a case cannot be merged into itself"
          : (FINAL_STATUSES as readonly string[]).includes(target.status)
            ? "the case to merge into is already finished"
            : null;
    if (problem)
      throw new DomainError("validation_failed", `Cannot merge: ${problem}.`, { details: [{ path: "into_case_id", message: problem }] });
    refs.target = target;
  }
  return refs;
}

/** Actions that may carry a photo of their own (the result of `resolve`). */
const TAKES_PHOTO: readonly CaseAction[] = ["resolve"];

/**
 * Takes a workflow action: 404 when the actor may not see the case, 409 `invalid_transition`
 * (naming what is allowed now) when the action does not fit the case or the actor, 400 when
 * the payload lacks what the action needs. `photo` stores a photo of the result and gives its
 * key; it runs only once all of that has passed, so nobody stores a photo on a case they may not act on.
 */
export async function performAction(
  db: Database,
  actor: StaffActor,
  caseId: string,
  action: CaseAction,
  payload: ActionPayload,
  now: Date,
  photo?: () => Promise<string>,
): Promise<CaseRow> {
  const row = await loadVisibleCase(db, actor, caseId);
  const spec = refuseUnlessAllowed(actor, row, action, now);
  refuseMissing(spec, action, payload);
  if (photo && !TAKES_PHOTO.includes(action)) {
    throw new DomainError("validation_failed", `${action} takes no photo.`, {
      details: [{ path: "photo", message: "only resolve takes a photo" }],
    });
  }
  const refs = await resolveReferences(db, actor, row, action, payload);
  const photoKey = photo ? await photo() : undefined;
  const transition = spec.apply(row, { ...payload, photo_key: photoKey }, { now, refs });
  return commitTransition(db, row, action, actor, transition, now);
}

const RESIDENT: Actor = { kind: "resident" };

/**
 * Takes a resident's action (`supplement`, `urge`, `feedback`) on the case their tracking code
 * found, through the same table, checks and write as staff actions: 409 naming what the resident
 * may do now, 400 when the payload lacks what the action needs.
 */
export async function performResidentAction(db: Database, row: CaseRow, action: CaseAction, payload: WorkflowPayload, now: Date) {
  const spec = refuseUnlessAllowed(RESIDENT, row, action, now);
  refuseMissing(spec, action, payload);
  return commitTransition(db, row, action, RESIDENT, spec.apply(row, payload, { now, refs: {} }), now);
}
