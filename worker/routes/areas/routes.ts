import { createRoute, z } from "@hono/zod-openapi";
import { AreaDetailSchema, AreaIdSchema, AreaSchema } from "../../../schema/api/area.ts";
import { PaginationQuerySchema, pageOf } from "../../../schema/api/pagination.ts";
import { errorResponses, notFoundResponse } from "../../errors.ts";
import { jsonContent, publicOperation } from "../openapi.ts";

const tags = ["Directory"];

export const list = createRoute({
  method: "get",
  path: "/api/v1/areas",
  operationId: "listAreas",
  tags,
  ...publicOperation,
  summary: "List the children of an area, or the top areas",
  request: {
    query: PaginationQuerySchema.extend({
      parent: AreaIdSchema.optional().openapi({ description: "An area id; omit for the top level." }),
    }),
  },
  responses: {
    200: jsonContent(pageOf(AreaSchema, "AreaPage"), "A page of areas."),
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/areas/{id}",
  operationId: "getArea",
  tags,
  ...publicOperation,
  summary: "Get an area with its ancestors",
  request: { params: z.object({ id: AreaIdSchema }) },
  responses: {
    200: jsonContent(AreaDetailSchema, "The area."),
    ...notFoundResponse,
    ...errorResponses,
  },
});

export type ListRoute = typeof list;
export type GetRoute = typeof get;
