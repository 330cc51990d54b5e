import type { Context } from "hono";
import { identify, limitApiCalls } from "../auth/middleware.ts";
import { ApiError, errorResponse, handleError, unanswered } from "../errors.ts";
import { allowedMethods } from "../lib/allowed-methods.ts";
import { limitBody } from "../lib/body-limit.ts";
import { MAX_UPLOAD_BYTES } from "../photos/prepare.ts";
import { createRouter } from "../router.ts";
import { areas } from "./areas/index.ts";
import { cases } from "./cases/index.ts";
import { contacts } from "./contacts/index.ts";
import { departments } from "./departments/index.ts";
import { events } from "./events/index.ts";
import { stations } from "./stations/index.ts";
import { stats } from "./stats/index.ts";
import { track } from "./track/index.ts";
import { webhooks } from "./webhooks/index.ts";

const JSON_BODY_LIMIT = 64 * 1024;

const jsonBodyLimit = limitBody({
  maxSize: JSON_BODY_LIMIT,
  onError: (c) => errorResponse(c, new ApiError("payload_too_large", "JSON bodies are limited to 64 KB.")),
});
/** A photo and a few fields; only the operations that take multipart bodies read one (the others answer 415). */
const uploadBodyLimit = limitBody({
  maxSize: MAX_UPLOAD_BYTES + JSON_BODY_LIMIT,
  onError: (c) => errorResponse(c, new ApiError("payload_too_large", "Uploads are limited to a 30 MB photo and a few fields.")),
});
const isMultipart = (c: Context) => /^multipart\/form-data\b/i.test(c.req.header("content-type") ?? "");

/**
 * The JSON API at /api/v1 (its OpenAPI document and reference are mounted on the app, worker/routes/docs.ts).
 * Every failure answers the error envelope, an unknown address included.
 */
export function apiSurface() {
  const api = createRouter();
  api.use("/api/*", (c, next) => (isMultipart(c) ? uploadBodyLimit : jsonBodyLimit)(c, next), identify, limitApiCalls);
  api.route("/", areas).route("/", stations).route("/", contacts).route("/", departments);
  api.route("/", cases).route("/", track).route("/", stats).route("/", events).route("/", webhooks);
  const allowed = allowedMethods(api);
  api.all("/api/*", (c) => errorResponse(c, unanswered(allowed(c.req.path), c.req.method, "/openapi.json")));
  api.onError(handleError);
  return api;
}
