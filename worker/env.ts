import type { Lang } from "../portal/messages.ts";
import type { Principal } from "./auth/principal.ts";
import type { Bindings } from "./bindings.ts";
import type { Database } from "./db.ts";
import type { ReadyHtmlRow } from "./resident/station-page-store.ts";
import type { Services } from "./services.ts";
import type { StaffActor } from "./workflow/actor.ts";

export interface AppVariables {
  /** The platform's services (worker/services.ts); `db` is theirs too, kept short for the many queries. */
  services: Services;
  db: Database;
  /** The visitor's language on pages (worker/pages/lang.ts), chosen once per request. */
  lang: Lang;
  /** Who is calling: anonymous, an API key with scopes, or signed-in staff. */
  principal: Principal;
  /** On staff pages: the signed-in member and the session's token (for CSRF tokens). */
  staff: StaffActor;
  sessionToken: string;
  /** The session's CSRF token, which every workspace form carries (worker/auth/csrf.ts). */
  csrf: string;
  /** The session still owes the second factor its role requires (only /staff/security is open). */
  secondFactorPending: boolean;
  /** A clean station page's bytes, for worker/resident/ready-pages.tsx to keep. */
  readyPage: Uint8Array<ArrayBuffer> | undefined;
  /** The stored page looked up ahead of the full way (`code|variant`), so that it is not read twice. */
  readyLookup: { key: string; row: ReadyHtmlRow | null } | undefined;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: AppVariables;
}
