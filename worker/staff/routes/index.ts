import { type Context, Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { limitBody } from "../../lib/body-limit.ts";
import { pageError, pageNotFound, pagesFailed } from "../../pages/errors.tsx";
import { MAX_UPLOAD_BYTES } from "../../photos/prepare.ts";
import { loginPages } from "./login.tsx";
import { securityPages } from "./security.tsx";
import { workspacePages } from "./workspace.tsx";

const FORM_LIMIT = 64 * 1024;
const formLimit = limitBody({ maxSize: FORM_LIMIT, onError: (c) => pageError(c, 413) });
/** Resolving a case may carry a photo of the result, as large as a resident's (a phone's photo). */
const photoLimit = limitBody({ maxSize: MAX_UPLOAD_BYTES + FORM_LIMIT, onError: (c) => pageError(c, 413) });
const takesPhoto = (c: Context) =>
  /^\/staff\/cases\/[^/]+\/actions\/resolve$/.test(c.req.path) && /^multipart\/form-data\b/i.test(c.req.header("content-type") ?? "");

/** The staff workspace under /staff: signing in, the second factor, cases, reports, posters, administration. */
export function staffSurface() {
  const app = new Hono<AppEnv>();
  // "/staff/*" also matches "/staff" itself.
  app.use("/staff/*", (c, next) => (takesPhoto(c) ? photoLimit : formLimit)(c, next));
  app.route("/", loginPages()).route("/", securityPages()).route("/", workspacePages());
  app.all("/staff/*", (c) => pageNotFound(c));
  app.onError(pagesFailed);
  return app;
}
