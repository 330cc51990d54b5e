// Ambient, as `wrangler types` writes it: the global Cloudflare.Env that `cloudflare:workers` and
// `cloudflare:test` type `env` and `SELF` with. It lives in a declaration file that no module
// imports, so that naming the main module here does not put index.ts in an import cycle.
import type { Bindings } from "./bindings.ts";

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {}
    interface GlobalProps {
      mainModule: typeof import("./index.ts");
    }
  }
}
