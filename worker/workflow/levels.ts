import { CASE_LEVELS, type CaseLevel, type StaffRole } from "../../schema/constants.ts";

/** The level each staff role holds cases at. Assistants file and watch; admins supervise all. */
export const ROLE_LEVEL: Partial<Record<StaffRole, CaseLevel>> = {
  grid_worker: "grid",
  part_time_grid_worker: "grid",
  grid_chief: "grid",
  community_staff: "community",
  street_officer: "street",
  district_dispatcher: "district",
  department_officer: "department",
};

export function levelAbove(level: CaseLevel): CaseLevel | null {
  return CASE_LEVELS[CASE_LEVELS.indexOf(level) + 1] ?? null;
}

export function levelBelow(level: CaseLevel): CaseLevel | null {
  const index = CASE_LEVELS.indexOf(level);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: for index 0 or -1 the `?? null` branch also gives null (CASE_LEVELS[-1], [-2] are undefined).
  return index > 0 ? (CASE_LEVELS[index - 1] ?? null) : null;
}
