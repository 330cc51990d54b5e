import { createRoute, z } from "@hono/zod-openapi";
import { FeedbackSchema, TrackedCaseSchema } from "../../../schema/api/case.ts";
import { bodyErrorResponses, errorContent, errorResponses, notFoundResponse } from "../../errors.ts";
import { TRACKING_CODE_PATTERN } from "../../workflow/ids.ts";
import { jsonBody, jsonContent } from "../openapi.ts";

const tags = ["Tracking"];
const TrackingCodeSchema = z
  .string()
  .transform((code) => code.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(TRACKING_CODE_PATTERN, "a 10-character tracking code"))
  .openapi({ example: "K7M3QX9PAD", type: "string" });
const params = z.object({ tracking_code: TrackingCodeSchema });

export const track = createRoute({
  method: "get",
  path: "/api/v1/track/{tracking_code}",
  tags,
  summary: "Follow a case by its tracking code (public)",
  description: "Status and level in plain words and the public events; never the reporter's contact data or internal notes.",
  request: { params },
  responses: {
    200: jsonContent(TrackedCaseSchema, "The case as the resident sees it."),
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const feedback = createRoute({
  method: "post",
  path: "/api/v1/track/{tracking_code}/feedback",
  tags,
  summary: "Say whether the answer solved the problem (public)",
  description: "Satisfied closes the case; unsatisfied sends it back to the level that answered, with a new time limit.",
  request: { params, body: jsonBody(FeedbackSchema) },
  responses: {
    200: jsonContent(TrackedCaseSchema, "The case after the feedback."),
    ...bodyErrorResponses,
    ...notFoundResponse,
    409: errorContent("The case is not waiting for feedback (`invalid_transition`)."),
    ...errorResponses,
  },
});

export type TrackRoute = typeof track;
export type FeedbackRoute = typeof feedback;
