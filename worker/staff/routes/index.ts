import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../../env.ts";
import { pageError, pageNotFound, pagesFailed } from "../../pages/errors.tsx";
import { loginPages } from "./login.tsx";
import { securityPages } from "./security.tsx";
import { workspacePages } from "./workspace.tsx";

/** The staff workspace under /staff: signing in, the second factor, cases, reports, posters, administration. */
export function staffSurface() {
  const app = new Hono<AppEnv>();
  // "/staff/*" also matches "/staff" itself.
  app.use("/staff/*", bodyLimit({ maxSize: 64 * 1024, onError: (c) => pageError(c, 413) }));
  app.route("/", loginPages()).route("/", securityPages()).route("/", workspacePages());
  app.all("/staff/*", (c) => pageNotFound(c));
  app.onError(pagesFailed);
  return app;
}
