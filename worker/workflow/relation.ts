import type { CaseRow } from "../../schema/case.ts";
import type { CaseLevel } from "../../schema/constants.ts";
import { isInside } from "../lib/area-path.ts";
import type { StaffActor } from "./actor.ts";
import { ROLE_LEVEL } from "./levels.ts";

// How a member of staff stands to one case (the staff side of the engine's `Relation`): sees it,
// holds it, supervises it. Which cases a query may return is cases/scope.ts.

type CaseScope = Pick<CaseRow, "areaPath" | "departmentId" | "createdBy">;

/**
 * Whether a member of staff may see a case at all. Area roles see cases inside their area;
 * department officers the cases dispatched to their department; assistants also what they filed.
 */
export function canSee(actor: StaffActor, row: CaseScope): boolean {
  if (actor.role === "admin") return true;
  if (actor.role === "department_officer") return actor.departmentId !== null && row.departmentId === actor.departmentId;
  if (actor.role === "grid_assistant" && row.createdBy === `staff:${actor.id}`) return true;
  return actor.areaPath !== null && isInside(row.areaPath, actor.areaPath);
}

/** The holder of a case: sees it and works at the level that holds it now. */
export function isHolder(actor: StaffActor, row: CaseScope & { level: CaseLevel }): boolean {
  if (!canSee(actor, row)) return false;
  return actor.role === "admin" || ROLE_LEVEL[actor.role] === row.level;
}

/**
 * District staff (the district centre's dispatchers, and admins) who see the case: they put cases
 * under supervision (督办). A dispatcher's area is the district, so they see every case.
 */
export function isDistrictStaff(actor: StaffActor, row: CaseScope): boolean {
  return (actor.role === "district_dispatcher" || actor.role === "admin") && canSee(actor, row);
}

/** Who supervises each level: the district centre oversees departments; admins oversee the centre. */
export const SUPERVISOR_LEVEL: Record<CaseLevel, CaseLevel | null> = {
  grid: "community",
  community: "street",
  street: "district",
  district: null,
  department: "district",
};

/** The level above the holder (or an admin): approves extensions, urges. */
export function isSupervisor(actor: StaffActor, row: CaseScope & { level: CaseLevel }): boolean {
  if (!canSee(actor, row)) return false;
  return actor.role === "admin" || (SUPERVISOR_LEVEL[row.level] !== null && ROLE_LEVEL[actor.role] === SUPERVISOR_LEVEL[row.level]);
}
