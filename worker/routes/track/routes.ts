import { createRoute, z } from "@hono/zod-openapi";
import { FeedbackSchema, SupplementFormSchema, SupplementSchema, TrackedCaseSchema } from "../../../schema/api/case.ts";
import {
  bodyErrorResponses,
  errorContent,
  errorResponses,
  notFoundResponse,
  retryLaterContent,
  unavailableResponse,
} from "../../errors.ts";
import { TRACKING_CODE_PATTERN } from "../../workflow/ids.ts";
import { jsonBody, jsonContent, publicOperation } from "../openapi.ts";

const tags = ["Tracking"];
const TrackingCodeSchema = z
  .string()
  .transform((code) => code.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(z.string().regex(TRACKING_CODE_PATTERN, "a 10-character tracking code"))
  .openapi({ example: "K7M3QX9PAD", type: "string" });
const params = z.object({ tracking_code: TrackingCodeSchema });

/** Spread after errorResponses: its 429 names both limits. */
const followUpResponses = {
  429: retryLaterContent(
    "Too many follow-ups on this case in a minute, or too many calls from this address (`rate_limited`); wait as Retry-After says.",
  ),
} as const;

export const track = createRoute({
  method: "get",
  path: "/api/v1/track/{tracking_code}",
  operationId: "trackCase",
  tags,
  ...publicOperation,
  summary: "Follow a case by its tracking code (public)",
  description:
    "Status and who has the case in plain words, the public events (each with a plain-words `summary`, and its text only " +
    "when the resident may read it: hand-over reasons stay internal unless staff marked them), and what the holder of " +
    "the code may do now; never the reporter's contact data or internal notes.",
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
  operationId: "giveFeedback",
  tags,
  ...publicOperation,
  summary: "Grade the answer: 满意, 基本满意 or 不满意 (public)",
  description:
    "`grade` satisfied or basically_satisfied closes the case (both count as satisfied in the statistics; the grade is " +
    "kept on the event); unsatisfied sends it back to the level that answered, with a new time limit. The older " +
    "`satisfied` (true or false) still works.",
  request: { params, body: jsonBody(FeedbackSchema, { grade: "satisfied", comment: "纸箱当天就清走了，谢谢" }) },
  responses: {
    200: jsonContent(TrackedCaseSchema, "The case after the feedback."),
    ...bodyErrorResponses,
    ...notFoundResponse,
    409: errorContent("The case is not waiting for feedback (`invalid_transition`, with `details.allowed_actions`)."),
    ...errorResponses,
  },
});

export const supplement = createRoute({
  method: "post",
  path: "/api/v1/track/{tracking_code}/supplements",
  operationId: "addSupplement",
  tags,
  ...publicOperation,
  summary: "Add information to an open case: a note, a photo, or both (public)",
  description:
    "As JSON (`note`) or as multipart/form-data (`note` and/or `photo`). The note goes on the resident's trail; staff see " +
    "the photo (its metadata removed). At most five follow-ups per case a minute.",
  request: {
    params,
    // Either media type may be sent, so the body is validated by the one it comes as (a body
    // marked required would be checked against both); one with neither a note nor a photo is 400.
    body: {
      required: false,
      content: {
        "application/json": { schema: SupplementSchema, example: { note: "纸箱又堆回来了，在2单元门口" } },
        "multipart/form-data": { schema: SupplementFormSchema, example: { note: "补充一张现场照片" } },
      },
    },
  },
  responses: {
    200: jsonContent(TrackedCaseSchema, "The case with what was added."),
    ...notFoundResponse,
    409: errorContent("The case is no longer open (`invalid_transition`, with `details.allowed_actions`)."),
    413: errorContent("The photo is over 30 MB, or a JSON body over 64 KB (`payload_too_large`)."),
    415: errorContent("The body is neither JSON nor multipart/form-data (`unsupported_media_type`)."),
    ...errorResponses,
    ...followUpResponses,
    ...unavailableResponse(
      "The photo could not be processed just now; nothing was added (`unavailable`): send it again after Retry-After.",
    ),
  },
});

export const urge = createRoute({
  method: "post",
  path: "/api/v1/track/{tracking_code}/urge",
  operationId: "urgeCase",
  tags,
  ...publicOperation,
  summary: "Urge (催办) a case past its time limit (public)",
  description: "Recorded on the trail and counted on the case; allowed while the case is open and overdue.",
  request: { params },
  responses: {
    200: jsonContent(TrackedCaseSchema, "The case after the urge."),
    ...notFoundResponse,
    409: errorContent("The case is not open and overdue (`invalid_transition`, with `details.allowed_actions`)."),
    ...errorResponses,
    ...followUpResponses,
  },
});

export type TrackRoute = typeof track;
export type FeedbackRoute = typeof feedback;
export type SupplementRoute = typeof supplement;
export type UrgeRoute = typeof urge;
