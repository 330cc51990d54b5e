import { createRoute, z } from "@hono/zod-openapi";
import { DepartmentSchema } from "../../../schema/api/department.ts";
import { errorResponses } from "../../errors.ts";
import { jsonContent, publicOperation } from "../openapi.ts";

export const list = createRoute({
  method: "get",
  path: "/api/v1/departments",
  operationId: "listDepartments",
  ...publicOperation,
  tags: ["Directory"],
  summary: "List the functional departments cases can be dispatched to",
  responses: {
    200: jsonContent(z.object({ items: z.array(DepartmentSchema) }).openapi("DepartmentList"), "Every active department, by id."),
    ...errorResponses,
  },
});

export type ListRoute = typeof list;
