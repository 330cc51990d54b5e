import { createRoute, z } from "@hono/zod-openapi";
import { AREA_LEVELS, CASE_LEVELS, CASE_STATUSES, CATEGORIES } from "../../../schema/constants.ts";
import { requireScope } from "../../auth/middleware.ts";
import { authErrorResponses, errorResponses, notFoundResponse } from "../../errors.ts";
import { keyOrSession } from "../cases/routes.ts";
import { jsonContent } from "../openapi.ts";

const rate = z.number().min(0).max(1).nullable();
const counts = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<T[number], z.ZodNumber>);
const Scorecard = {
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  resolved_this_week: z.number().int().openapi({ description: "Resolved since Monday (Asia/Shanghai)." }),
  share_solved_in_grid: rate.openapi({ description: '"Small matters do not leave the grid": solved at grid ÷ resolved.' }),
  resolution_rate: rate.openapi({ description: "resolved ÷ cases not rejected or merged" }),
  on_time_rate: rate.openapi({ description: "resolved within the time limit ÷ resolved" }),
  reopened: z.number().int().openapi({ description: "Cases reopened at least once after unsatisfied feedback (重办)." }),
  reopenings: z.number().int().openapi({ description: "Times cases were reopened: a case reopened twice counts two." }),
  reopen_rate: rate.openapi({ description: "reopened after unsatisfied feedback ÷ cases not rejected or merged" }),
  satisfaction_rate: rate.openapi({ description: "satisfied ÷ feedback given" }),
};
const AreaRef = z.object({ id: z.string(), level: z.enum(AREA_LEVELS), name: z.string(), path: z.string() });

const StatsSchema = z
  .object({
    area: AreaRef,
    ...Scorecard,
    by_status: counts(CASE_STATUSES),
    by_category: counts(CATEGORIES),
    open_by_level: counts(CASE_LEVELS),
    solved_at_level: counts(CASE_LEVELS).openapi({ description: "Where resolved cases were solved." }),
    median_resolve_hours: z.number().nullable().openapi({
      description:
        "Upper bound (hours) of the histogram bucket (1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 240, 336, 720) holding the median time to resolve.",
    }),
    children: z.array(z.object({ area: AreaRef, ...Scorecard })),
    departments: z.array(z.object({ department: z.object({ id: z.string(), name: z.string() }), ...Scorecard })).openapi({
      description: "District-wide scorecards of the departments (cases while dispatched to them).",
    }),
  })
  .openapi("Stats");

export const stats = createRoute({
  method: "get",
  path: "/api/v1/stats",
  operationId: "getStats",
  tags: ["Cases"],
  summary: "Case statistics and scorecards of an area",
  security: keyOrSession("cases:read"),
  middleware: [requireScope("cases:read")],
  request: {
    query: z.object({
      area: z.string().min(1).max(200).optional().openapi({ description: "An area id or path; default: your own area, or the district." }),
    }),
  },
  responses: {
    200: jsonContent(StatsSchema, "Counts, rates and scorecards, read from maintained counters."),
    ...authErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export type StatsRoute = typeof stats;
