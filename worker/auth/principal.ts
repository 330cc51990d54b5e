import type { ApiScope } from "../../schema/constants.ts";
import type { StaffActor } from "../workflow/actor.ts";

/** Who is calling: nobody in particular, a third party's API key, or a signed-in member of staff. */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "api_key"; keyId: string; name: string; scopes: readonly ApiScope[]; areaPath: string | null }
  | { kind: "staff"; actor: StaffActor };

export const ANONYMOUS: Principal = { kind: "anonymous" };

/**
 * Staff act within their role and area (checked per case by the workflow), so a staff session
 * carries the case scopes; writing the directory stays with keys that hold `directory:write`.
 */
const STAFF_SCOPES: readonly ApiScope[] = ["directory:read", "cases:read", "cases:write"];

export function hasScope(principal: Principal, scope: ApiScope): boolean {
  if (principal.kind === "api_key") return principal.scopes.includes(scope);
  if (principal.kind === "staff") return STAFF_SCOPES.includes(scope);
  return false;
}
