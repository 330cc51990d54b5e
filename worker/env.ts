import type { Principal } from "./auth/principal.ts";
import type { Database } from "./db.ts";

/** The bindings declared in wrangler.toml. */
export interface Bindings {
  DB: D1Database;
  ASSETS: Fetcher;
  /** Residents' photos. */
  PHOTOS: R2Bucket;
  /** Signs the report form's tokens; set with `wrangler secret put FORM_SECRET` in production. */
  FORM_SECRET: string;
  /** The origin printed in QR codes (e.g. https://grid.example.cn); empty: the request's origin. */
  PUBLIC_BASE_URL: string;
}

export interface AppVariables {
  db: Database;
  /** Who is calling: anonymous, or an API key with scopes. */
  principal: Principal;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: AppVariables;
}

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {}
    interface GlobalProps {
      mainModule: typeof import("./index.ts");
    }
  }
}
