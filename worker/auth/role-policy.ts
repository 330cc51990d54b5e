import type { StaffRole } from "../../schema/constants.ts";

/** Roles whose sessions need the second factor: they see the whole district or change its directory. */
const SECOND_FACTOR_ROLES: readonly StaffRole[] = ["admin", "district_dispatcher"];

export function secondFactorRequired(role: StaffRole): boolean {
  return SECOND_FACTOR_ROLES.includes(role);
}
