import { checkAreaFilter, principalArea } from "../../cases/scope.ts";
import { caseStats } from "../../cases/stats.ts";
import { ApiError } from "../../errors.ts";
import type { AppRouteHandler } from "../../router.ts";
import type { StatsRoute } from "./routes.ts";

/** One round trip for the figures; the scope is checked on the area they turn out to be about. */
export const stats: AppRouteHandler<StatsRoute> = async (c) => {
  const principal = c.get("principal");
  const own = principalArea(principal);
  const officer = principal.kind === "staff" && principal.actor.role === "department_officer" ? principal.actor : null;
  if (officer) {
    // A department works across the district; its officers read their department's figures only.
    const stats = await caseStats(c.get("db"), null, new Date(), officer.departmentId ?? "");
    const asked = c.req.valid("query").area;
    if (asked && asked !== stats.area.id && asked !== stats.area.path) {
      throw new ApiError("forbidden", "Department officers read their department's statistics, which are district-wide.");
    }
    return c.json(stats, 200);
  }
  const stats = await caseStats(c.get("db"), c.req.valid("query").area ?? own);
  checkAreaFilter(principal, stats.area.path);
  if (own && !stats.area.path.startsWith(own))
    throw new ApiError("forbidden", `Statistics above your area (${own}) are not yours to read.`);
  return c.json(stats, 200);
};
