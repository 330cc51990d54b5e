import { createRoute, z } from "@hono/zod-openapi";
import { AreaIdSchema } from "../../../schema/api/area.ts";
import { CircleContactSchema } from "../../../schema/api/contact.ts";
import { PaginationQuerySchema, pageOf } from "../../../schema/api/pagination.ts";
import {
  StationCodeSchema,
  StationCreateSchema,
  StationSchema,
  StationSummarySchema,
  StationUpdateSchema,
} from "../../../schema/api/station.ts";
import { requireScope } from "../../auth/middleware.ts";
import { authErrorResponses, bodyErrorResponses, conflictResponse, errorResponses, notFoundResponse, staleResponse } from "../../errors.ts";
import { jsonBody, jsonContent, publicOperation } from "../openapi.ts";
import { booleanQuery } from "../query.ts";
import { etagHeader, IfMatchHeaderSchema } from "../revision-headers.ts";

const tags = ["Directory"];
const params = z.object({ code: StationCodeSchema });
const security = [{ bearerAuth: ["directory:write"] }];

export const list = createRoute({
  method: "get",
  path: "/api/v1/stations",
  operationId: "listStations",
  tags,
  summary: "List micro-stations",
  ...publicOperation,
  request: {
    query: PaginationQuerySchema.extend({
      area: AreaIdSchema.optional().openapi({ description: "Only stations inside this area's subtree." }),
      q: z.string().trim().min(1).max(200).optional().openapi({ description: "Text in the name, code or address." }),
      active: booleanQuery(true).openapi({ description: "false lists deactivated stations." }),
    }),
  },
  responses: {
    200: jsonContent(pageOf(StationSummarySchema, "StationPage"), "A page of stations, by code."),
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/stations/{code}",
  operationId: "getStation",
  tags,
  summary: "Get a micro-station with its areas",
  ...publicOperation,
  request: { params },
  responses: { 200: { ...jsonContent(StationSchema, "The station."), headers: etagHeader }, ...notFoundResponse, ...errorResponses },
});

export const circle = createRoute({
  method: "get",
  path: "/api/v1/stations/{code}/circle",
  operationId: "getStationCircle",
  tags,
  ...publicOperation,
  summary: "The station's ten-minute livelihood circle",
  description: "Contacts found by walking up from the station's grid to the district; for each role the nearest area that has one wins.",
  request: { params },
  responses: {
    200: jsonContent(
      z.object({ station_code: z.string(), items: z.array(CircleContactSchema) }).openapi("Circle"),
      "The resolved contacts, grid team first.",
    ),
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const create = createRoute({
  method: "post",
  path: "/api/v1/stations",
  operationId: "createStation",
  tags,
  summary: "Create a micro-station",
  security,
  middleware: [requireScope("directory:write")],
  request: {
    body: jsonBody(StationCreateSchema, {
      code: "JH0512V",
      name: "同心苑第二微站",
      grid_id: "jh0501",
      address: "同心苑小区12号楼一层",
      lat: 37.8676,
      lng: 112.5372,
      opening_hours: [{ days: [1, 2, 3, 4, 5], opens: "08:30", closes: "18:00" }],
      services: ["tea_water", "phone_charging", "first_aid_kit"],
    }),
  },
  responses: {
    201: { ...jsonContent(StationSchema, "The new station."), headers: etagHeader },
    ...authErrorResponses,
    ...bodyErrorResponses,
    ...conflictResponse,
    ...errorResponses,
  },
});

export const update = createRoute({
  method: "patch",
  path: "/api/v1/stations/{code}",
  operationId: "updateStation",
  tags,
  summary: "Change a micro-station (set `active: false` to deactivate)",
  security,
  middleware: [requireScope("directory:write")],
  request: {
    params,
    headers: IfMatchHeaderSchema,
    body: jsonBody(StationUpdateSchema, { opening_hours: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: "08:00", closes: "20:00" }] }),
  },
  responses: {
    200: { ...jsonContent(StationSchema, "The changed station."), headers: etagHeader },
    ...staleResponse,
    ...authErrorResponses,
    ...bodyErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const deactivate = createRoute({
  method: "delete",
  path: "/api/v1/stations/{code}",
  operationId: "deactivateStation",
  tags,
  summary: "Deactivate a micro-station",
  description: "Stations are never erased (printed posters point at them); this hides them from lists and pages.",
  security,
  middleware: [requireScope("directory:write")],
  request: { params, headers: IfMatchHeaderSchema },
  responses: {
    200: { ...jsonContent(StationSchema, "The deactivated station."), headers: etagHeader },
    ...staleResponse,
    ...authErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export type ListRoute = typeof list;
export type GetRoute = typeof get;
export type CircleRoute = typeof circle;
export type CreateRoute = typeof create;
export type UpdateRoute = typeof update;
export type DeactivateRoute = typeof deactivate;
