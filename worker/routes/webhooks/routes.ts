import { createRoute, z } from "@hono/zod-openapi";
import { PaginationQuerySchema, pageOf } from "../../../schema/api/pagination.ts";
import { DeliverySchema, WebhookCreatedSchema, WebhookCreateSchema, WebhookSchema } from "../../../schema/api/webhook.ts";
import { DELIVERY_STATUSES } from "../../../schema/webhook.ts";
import { requireScope } from "../../auth/middleware.ts";
import { authErrorResponses, bodyErrorResponses, conflictResponse, errorResponses, notFoundResponse } from "../../errors.ts";
import { jsonBody, jsonContent } from "../openapi.ts";
import { requireApiKey } from "./owner.ts";

const tags = ["Webhooks"];
const guard = { security: [{ bearerAuth: ["cases:read"] }], middleware: [requireScope("cases:read"), requireApiKey] };
const params = z.object({
  id: z
    .string()
    .regex(/^wh_[0-9A-HJKMNP-TV-Z]{26}$/, "a webhook id (wh_…)")
    .openapi({ example: "wh_01JD2X4Q8Z6Y3W5V7T9R1P0N2M" }),
});

export const create = createRoute({
  method: "post",
  path: "/api/v1/webhooks",
  operationId: "createWebhook",
  tags,
  summary: "Subscribe a URL to the case events of your key's scope",
  description:
    "From now on every case event in the key's scope (optionally only some actions) is POSTed to `url` as JSON: " +
    "`{id, webhook_id, type, event}` with the event as `GET /api/v1/events` shows it. Headers: `GridStation-Delivery` (unique per delivery, " +
    "the same on retries: de-duplicate on it), `GridStation-Event`, `GridStation-Timestamp` (Unix seconds) and `GridStation-Signature: v1=<hex>`, " +
    "the HMAC-SHA256 of `<timestamp>.<body>` under the secret returned here once. Answer 2xx within 10 s; anything else is retried with " +
    "exponential backoff (30 s doubling, 9 tries in all) and then marked `dead`. At most 10 active webhooks per key.",
  ...guard,
  request: {
    body: jsonBody(WebhookCreateSchema, { url: "https://hotline.example.cn/gridstation/events", actions: ["create", "resolve"] }),
  },
  responses: {
    201: jsonContent(WebhookCreatedSchema, "The subscription, with its signing secret (shown once)."),
    ...authErrorResponses,
    ...bodyErrorResponses,
    ...conflictResponse,
    ...errorResponses,
  },
});

export const list = createRoute({
  method: "get",
  path: "/api/v1/webhooks",
  operationId: "listWebhooks",
  tags,
  summary: "Your key's webhooks, newest first",
  ...guard,
  responses: {
    200: jsonContent(z.object({ items: z.array(WebhookSchema) }).openapi("WebhookList"), "Up to 100 webhooks, active or deleted."),
    ...authErrorResponses,
    ...errorResponses,
  },
});

export const get = createRoute({
  method: "get",
  path: "/api/v1/webhooks/{id}",
  operationId: "getWebhook",
  tags,
  summary: "One of your key's webhooks",
  ...guard,
  request: { params },
  responses: { 200: jsonContent(WebhookSchema, "The webhook."), ...authErrorResponses, ...notFoundResponse, ...errorResponses },
});

export const remove = createRoute({
  method: "delete",
  path: "/api/v1/webhooks/{id}",
  operationId: "deleteWebhook",
  tags,
  summary: "Stop a webhook (its delivery log stays readable)",
  ...guard,
  request: { params },
  responses: {
    204: { description: "Stopped; deliveries not yet made are dropped." },
    ...authErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export const deliveries = createRoute({
  method: "get",
  path: "/api/v1/webhooks/{id}/deliveries",
  operationId: "listWebhookDeliveries",
  tags,
  summary: "A webhook's deliveries, newest first, with their state",
  ...guard,
  request: { params, query: PaginationQuerySchema.extend({ status: z.enum(DELIVERY_STATUSES).optional() }) },
  responses: {
    200: jsonContent(pageOf(DeliverySchema, "WebhookDeliveryPage"), "A page of deliveries."),
    ...authErrorResponses,
    ...notFoundResponse,
    ...errorResponses,
  },
});

export type CreateRoute = typeof create;
export type ListRoute = typeof list;
export type GetRoute = typeof get;
export type RemoveRoute = typeof remove;
export type DeliveriesRoute = typeof deliveries;
