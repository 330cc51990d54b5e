import { toDepartmentJson } from "../../../schema/api/department.ts";
import { listDepartments } from "../../directory/departments.ts";
import type { AppRouteHandler } from "../../router.ts";
import type { ListRoute } from "./routes.ts";

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const rows = await listDepartments(c.get("db"));
  return c.json({ items: rows.map(toDepartmentJson) }, 200);
};
