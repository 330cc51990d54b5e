import { eq, or, type SQL } from "drizzle-orm";
import { caseTable } from "../../schema/case.ts";
import type { Principal } from "../auth/principal.ts";
import { DomainError } from "../domain-error.ts";
import { insidePath, pathIds } from "../lib/area-path.ts";

/**
 * "Cases inside this area" as an equality on the case's area column of that level, so that
 * newest-first lists walk one index (`case_<level>_created_idx`) instead of sorting a range.
 */
export function insideArea(path: string): SQL | undefined {
  const ids = pathIds(path);
  const id = ids.at(-1) ?? "";
  switch (ids.length) {
    case 2:
      return eq(caseTable.streetId, id);
    case 3:
      return eq(caseTable.communityId, id);
    case 4:
      return eq(caseTable.gridId, id);
    case 5:
      return eq(caseTable.microGridId, id);
    default:
      return insidePath(caseTable.areaPath, path) as SQL | undefined;
  }
}

/** The area a principal's view of cases is limited to, or null for no area limit. */
export function principalArea(principal: Principal): string | null {
  if (principal.kind === "api_key") return principal.areaPath;
  if (principal.kind === "staff") return principal.actor.role === "admin" ? null : principal.actor.areaPath;
  return null;
}

/** The condition every case query of this principal carries (the SQL twin of `canSee`). */
export function caseScope(principal: Principal): SQL | undefined {
  if (principal.kind === "anonymous") throw new DomainError("unauthorized", "Cases need an API key or a staff sign-in.");
  if (principal.kind === "api_key") return principal.areaPath ? insideArea(principal.areaPath) : undefined;
  const actor = principal.actor;
  if (actor.role === "admin") return undefined;
  if (actor.role === "department_officer") return eq(caseTable.departmentId, actor.departmentId ?? "");
  const area = insideArea(actor.areaPath ?? "/nowhere/");
  if (actor.role === "grid_assistant") return or(eq(caseTable.createdBy, `staff:${actor.id}`), area);
  return area;
}

/** An `area` filter must overlap the principal's own area; a foreign one is refused, not emptied. */
export function checkAreaFilter(principal: Principal, path: string) {
  const own = principalArea(principal);
  if (principal.kind === "staff" && principal.actor.role === "department_officer") return;
  if (own && !path.startsWith(own) && !own.startsWith(path)) {
    throw new DomainError("forbidden", `The area ${path} is outside yours (${own}).`);
  }
}
