import type { ApiScope } from "../../schema/constants.ts";

/** Who is calling. Staff sessions join this union when the staff workspace lands. */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "api_key"; keyId: string; name: string; scopes: readonly ApiScope[] };

export const ANONYMOUS: Principal = { kind: "anonymous" };

export function hasScope(principal: Principal, scope: ApiScope): boolean {
  return principal.kind === "api_key" && principal.scopes.includes(scope);
}
