import { createRoute, z } from "@hono/zod-openapi";
import { AreaIdSchema } from "../../../schema/api/area.ts";
import { ContactCreateSchema, ContactSchema, ContactUpdateSchema } from "../../../schema/api/contact.ts";
import { PaginationQuerySchema, pageOf } from "../../../schema/api/pagination.ts";
import { CIRCLE_ROLES } from "../../../schema/constants.ts";
import { requireScope } from "../../auth/middleware.ts";
import { authErrorResponses, bodyErrorResponses, errorResponses, notFoundResponse, staleResponse } from "../../errors.ts";
import { keyOrSession } from "../cases/routes.ts";
import { jsonBody, jsonContent } from "../openapi.ts";
import { booleanQuery } from "../query.ts";
import { etagHeader, IfMatchHeaderSchema } from "../revision-headers.ts";

const tags = ["Directory"];
const params = z.object({ id: z.coerce.number().int().positive().openapi({ example: 42 }) });
const write = {
  security: [{ bearerAuth: ["directory:write"] }],
  middleware: [requireScope("directory:write")],
};

export const list = createRoute({
  method: "get",
  path: "/api/v1/contacts",
  operationId: "listContacts",
  tags,
  summary: "List circle contacts (needs directory:read)",
  // Staff sessions carry directory:read (auth/principal.ts), so the document says so.
  security: keyOrSession("directory:read"),
  middleware: [requireScope("directory:read")],
  request: {
    query: PaginationQuerySchema.extend({
      area: AreaIdSchema.optional().openapi({ description: "Contacts attached to exactly this area." }),
      role: z.enum(CIRCLE_ROLES).optional(),
      active: booleanQuery(true),
    }),
  },
  responses: {
    200: jsonContent(pageOf(ContactSchema, "ContactPage"), "A page of contacts, by id."),
    ...authErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const create = createRoute({
  method: "post",
  path: "/api/v1/contacts",
  operationId: "createContact",
  tags,
  summary: "Add a contact to an area's circle",
  ...write,
  request: {
    body: jsonBody(ContactCreateSchema, {
      area_id: "jh05",
      role: "community_police",
      name: "张警官",
      organization: "涧河派出所",
      phone: "0351-1234567",
    }),
  },
  responses: {
    201: { ...jsonContent(ContactSchema, "The new contact."), headers: etagHeader },
    ...authErrorResponses,
    ...bodyErrorResponses,
    ...errorResponses,
  },
});

export const update = createRoute({
  method: "patch",
  path: "/api/v1/contacts/{id}",
  operationId: "updateContact",
  tags,
  summary: "Change a contact (set `active: false` to deactivate)",
  ...write,
  request: {
    params,
    headers: IfMatchHeaderSchema,
    body: jsonBody(ContactUpdateSchema, { phone: "0351-7654321" }),
  },
  responses: {
    200: { ...jsonContent(ContactSchema, "The changed contact."), headers: etagHeader },
    ...staleResponse,
    ...authErrorResponses,
    ...bodyErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const deactivate = createRoute({
  method: "delete",
  path: "/api/v1/contacts/{id}",
  operationId: "deactivateContact",
  tags,
  summary: "Deactivate a contact",
  ...write,
  request: { params, headers: IfMatchHeaderSchema },
  responses: {
    200: { ...jsonContent(ContactSchema, "The deactivated contact."), headers: etagHeader },
    ...staleResponse,
    ...authErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export type ListRoute = typeof list;
export type CreateRoute = typeof create;
export type UpdateRoute = typeof update;
export type DeactivateRoute = typeof deactivate;
