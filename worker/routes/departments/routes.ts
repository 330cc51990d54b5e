import { createRoute, z } from "@hono/zod-openapi";
import { DepartmentSchema } from "../../../schema/api/department.ts";
import { errorResponses } from "../../errors.ts";

export const list = createRoute({
  method: "get",
  path: "/api/v1/departments",
  tags: ["Directory"],
  summary: "List the functional departments cases can be dispatched to",
  responses: {
    200: {
      description: "Every active department, by id.",
      content: { "application/json": { schema: z.object({ items: z.array(DepartmentSchema) }).openapi("DepartmentList") } },
    },
    ...errorResponses,
  },
});

export type ListRoute = typeof list;
