import { createRoute, z } from "@hono/zod-openapi";
import { CaseCreateSchema, CaseEventSchema, CaseSchema } from "../../../schema/api/case.ts";
import { PaginationQuerySchema, pageOf } from "../../../schema/api/pagination.ts";
import { StationCodeSchema } from "../../../schema/api/station.ts";
import { CASE_ACTIONS, CASE_LEVELS, CASE_SORTS, CASE_STATUSES, CATEGORIES } from "../../../schema/constants.ts";
import { requireScope, requireStaff } from "../../auth/middleware.ts";
import {
  authErrorResponses,
  bodyErrorResponses,
  errorContent,
  errorResponses,
  notFoundResponse,
  unavailableResponse,
} from "../../errors.ts";
import { ActionPayloadSchema } from "../../workflow/payload.ts";
import { jsonBody, jsonContent } from "../openapi.ts";
import { booleanQuery } from "../query.ts";

const tags = ["Cases"];
/** A key with the scope, or a staff session. */
export const keyOrSession = (scope: string): Record<string, string[]>[] => [{ bearerAuth: [scope] }, { staffSession: [] }];
const read = { security: keyOrSession("cases:read"), middleware: [requireScope("cases:read")] };
const CaseIdSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "a case id (ULID)")
  .openapi({ example: "01JD2X4Q8Z6Y3W5V7T9R1P0N2M" });
const params = z.object({ id: CaseIdSchema });
const timestampQuery = z.iso.datetime({ offset: true }).optional();

export const create = createRoute({
  method: "post",
  path: "/api/v1/cases",
  operationId: "createCase",
  tags,
  summary: "File a case",
  description:
    "Send an `Idempotency-Key` (1–100 visible characters): the same key and body give back the first case without a second " +
    "insert; the same key with another body answers 422 `idempotency_conflict`. With an API key it is required (without it: " +
    "400 `validation_failed`); a staff session's call without one is taken but not protected against repeats.",
  security: keyOrSession("cases:write"),
  middleware: [requireScope("cases:write")],
  request: {
    headers: z.object({
      // Optional to the validator (a staff session may leave it out), required in the document so
      // generated clients send it: an API key without it is refused (handlers.ts).
      "idempotency-key": z
        .string()
        .regex(/^[\x21-\x7e]{1,100}$/, "1–100 visible ASCII characters")
        .optional()
        .openapi({
          param: { required: true },
          description:
            "Required with an API key. A repeat with the same key and body answers the first case (`Idempotent-Replayed: true`).",
          example: "hotline-20261127-0001",
        }),
    }),
    body: jsonBody(CaseCreateSchema, {
      category: "safety_hazard",
      description: "5号楼楼道堆放纸箱，堵住了消防通道",
      station_code: "JH0501V",
      reporter: { name: "王女士", phone: "13800000000" },
    }),
  },
  responses: {
    201: jsonContent(CaseSchema, "The case (also for a replayed idempotent request, marked `Idempotent-Replayed: true`)."),
    ...authErrorResponses,
    ...bodyErrorResponses,
    422: errorContent("The Idempotency-Key was used with another body (`idempotency_conflict`)."),
    ...errorResponses,
    ...unavailableResponse(
      "The case could not be saved just now; nothing was filed (`unavailable`): send the same request, with the same Idempotency-Key, after Retry-After. " +
        "Also answered, without Retry-After, while the directory is empty.",
    ),
  },
});

export const list = createRoute({
  method: "get",
  path: "/api/v1/cases",
  operationId: "listCases",
  tags,
  summary: "List cases in your scope, newest first or in another order",
  ...read,
  request: {
    query: PaginationQuerySchema.extend({
      status: z.enum(CASE_STATUSES).optional(),
      category: z.enum(CATEGORIES).optional(),
      level: z.enum(CASE_LEVELS).optional(),
      area: z.string().min(1).max(200).optional().openapi({ description: "An area id or path: cases in its subtree." }),
      station: StationCodeSchema.optional(),
      overdue: booleanQuery(false).optional().openapi({ description: "true: only open cases past their time limit." }),
      created_after: timestampQuery,
      created_before: timestampQuery,
      updated_after: timestampQuery.openapi({ description: "Only cases changed at or after this time (for integrators catching up)." }),
      q: z.string().trim().min(1).max(100).optional().openapi({
        description:
          "Words the description contains (any case), or a tracking code, whole (spaces, dashes and lower case are forgiven) or in part.",
      }),
      sort: z
        .enum(CASE_SORTS)
        .default("newest")
        .openapi({
          description:
            "newest or oldest filed first, due: soonest time limit first, updated: most recently changed first. " +
            "A `next_cursor` continues the order it came from; passed with another `sort` it answers 400.",
        }),
    }),
  },
  responses: {
    200: jsonContent(pageOf(CaseSchema, "CasePage"), "A page of cases."),
    ...authErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const similar = createRoute({
  method: "get",
  path: "/api/v1/cases/similar",
  operationId: "listSimilarCases",
  tags,
  summary: "Open cases of the same category at the same station (possible duplicates)",
  ...read,
  request: { query: z.object({ station_code: StationCodeSchema, category: z.enum(CATEGORIES) }) },
  responses: {
    200: jsonContent(z.object({ items: z.array(CaseSchema) }), "Up to ten open cases, newest first."),
    ...authErrorResponses,
    ...errorResponses,
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/cases/{id}",
  operationId: "getCase",
  tags,
  summary: "Get a case",
  ...read,
  request: { params },
  responses: { 200: jsonContent(CaseSchema, "The case."), ...authErrorResponses, ...notFoundResponse, ...errorResponses },
});

export const events = createRoute({
  method: "get",
  path: "/api/v1/cases/{id}/events",
  operationId: "listCaseEvents",
  tags,
  summary: "The case's trail, oldest first",
  ...read,
  request: { params },
  responses: {
    200: jsonContent(z.object({ items: z.array(CaseEventSchema) }), "Every event, public and internal."),
    ...authErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const act = createRoute({
  method: "post",
  path: "/api/v1/cases/{id}/actions/{action}",
  operationId: "actOnCase",
  tags,
  summary: "Take a workflow action (staff)",
  description:
    "accept, assign (`assignee_id`), escalate, whistle, dispatch (`department_id`), register, resolve (`resolution`), " +
    "return (`reason`), extend (holder: `due_at` + `reason`; the level above: `approve`), reject (`reason`), " +
    "merge (`into_case_id`), note (`note`, `public`), urge. The resident's trail always says, in plain words, where a " +
    "hand-over took the case; its text (a reason, a note) is internal unless `public` is true (escalate, whistle, " +
    "dispatch, return, extend, urge, note). An action that does not fit the case's status, level or " +
    "your role answers 409 `invalid_transition` with `details.allowed_actions`.",
  security: [{ staffSession: [] }],
  middleware: [requireStaff],
  request: {
    params: params.extend({
      // The resident's own actions (feedback, supplement) go through the tracking code: /api/v1/track.
      action: z.enum(CASE_ACTIONS.filter((a) => !["create", "feedback", "auto_close", "supplement"].includes(a)) as [string, ...string[]]),
    }),
    body: jsonBody(ActionPayloadSchema, { note: "已联系物业，明天上午清理", public: true }),
  },
  responses: {
    200: jsonContent(CaseSchema, "The case after the action."),
    ...authErrorResponses,
    ...bodyErrorResponses,
    ...notFoundResponse,
    409: errorContent("Not allowed now (`invalid_transition`), or the case changed meanwhile (`conflict`)."),
    ...errorResponses,
  },
});

export type CreateRoute = typeof create;
export type ListRoute = typeof list;
export type SimilarRoute = typeof similar;
export type GetRoute = typeof get;
export type EventsRoute = typeof events;
export type ActRoute = typeof act;
