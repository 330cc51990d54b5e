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

const WeekSchema = z
  .object({
    week: z.string().openapi({ example: "2026-W49", description: "ISO week, as seen in Asia/Shanghai." }),
    starts: z.string().openapi({ example: "2026-11-30", description: "Its Monday (Asia/Shanghai)." }),
    filed: z.number().int().openapi({ description: "Cases filed that week." }),
    resolved: z.number().int().openapi({ description: "Cases answered (resolved) that week and not reopened since." }),
    on_time: z.number().int().openapi({ description: "Of those, answered within the time limit." }),
    feedback: z.number().int().openapi({ description: "Of those, graded by the resident." }),
    satisfied: z.number().int().openapi({ description: "Of those graded, satisfied or mostly satisfied." }),
    on_time_rate: rate.openapi({ description: "on_time ÷ resolved" }),
    satisfaction_rate: rate.openapi({ description: "satisfied ÷ feedback" }),
  })
  .openapi("StatsWeek");

const StatsSchema = z
  .object({
    area: AreaRef,
    ...Scorecard,
    by_status: counts(CASE_STATUSES),
    by_category: counts(CATEGORIES),
    open_by_level: counts(CASE_LEVELS),
    open_by_category: counts(CATEGORIES).openapi({ description: "Open cases (submitted or in progress) by category." }),
    solved_at_level: counts(CASE_LEVELS).openapi({
      description: 'Where resolved cases were solved ("small matters do not leave the grid, big matters do not leave the community").',
    }),
    median_resolve_hours: z.number().nullable().openapi({
      description:
        "Upper bound (hours) of the histogram bucket (1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 240, 336, 720) holding the median time to resolve.",
    }),
    weeks: z.array(WeekSchema).length(12).openapi({
      description: "The last 12 weeks (Monday to Sunday, Asia/Shanghai), oldest first, this week last.",
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
