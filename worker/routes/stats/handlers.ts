import { isNull } from "drizzle-orm";
import { area } from "../../../schema/area.ts";
import { areaPathOf } from "../../cases/queries.ts";
import { checkAreaFilter, principalArea } from "../../cases/scope.ts";
import { caseStats } from "../../cases/stats.ts";
import { ApiError } from "../../errors.ts";
import type { AppRouteHandler } from "../../router.ts";
import type { StatsRoute } from "./routes.ts";

export const stats: AppRouteHandler<StatsRoute> = async (c) => {
  const principal = c.var.principal;
  const requested = c.req.valid("query").area;
  const own = principalArea(principal);
  let path = requested ? await areaPathOf(c.var.db, requested) : own;
  if (!path) {
    const top = await c.var.db.query.area.findFirst({ where: isNull(area.parentId) });
    if (!top) throw new ApiError("not_found", "The directory is empty.");
    path = top.path;
  }
  checkAreaFilter(principal, path);
  if (own && !path.startsWith(own)) throw new ApiError("forbidden", `Statistics above your area (${own}) are not yours to read.`);
  return c.json(await caseStats(c.var.db, path), 200);
};
