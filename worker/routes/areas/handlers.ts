import { toAreaJson } from "../../../schema/api/area.ts";
import { getArea, listAreas } from "../../directory/areas.ts";
import { ApiError } from "../../errors.ts";
import type { AppRouteHandler } from "../../router.ts";
import type { GetRoute, ListRoute } from "./routes.ts";

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const page = await listAreas(c.get("db"), c.req.valid("query"));
  return c.json({ items: page.items.map(toAreaJson), next_cursor: page.next_cursor }, 200);
};

export const get: AppRouteHandler<GetRoute> = async (c) => {
  const { id } = c.req.valid("param");
  const found = await getArea(c.get("db"), id);
  if (!found) throw new ApiError("not_found", `There is no area ${id}.`);
  return c.json({ ...toAreaJson(found.area), ancestors: found.ancestors }, 200);
};
