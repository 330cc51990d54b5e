import { z } from "@hono/zod-openapi";
import { CASE_ACTIONS } from "../constants.ts";
import { DELIVERY_STATUSES, type Webhook, type WebhookDelivery } from "../webhook.ts";

/** Plain HTTP only for the machine itself (a local receiver while developing); HTTPS everywhere else. */
function isAcceptableUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

export const WebhookCreateSchema = z
  .object({
    url: z
      .string()
      .max(500)
      .refine(isAcceptableUrl, "an https:// URL without credentials (http:// only for localhost)")
      .openapi({ example: "https://hotline.example.cn/gridstation/events" }),
    actions: z
      .array(z.enum(CASE_ACTIONS))
      .min(1)
      .max(CASE_ACTIONS.length)
      .optional()
      .openapi({ description: "Send only events of these actions; omit for every action." }),
  })
  .strict()
  .openapi("WebhookCreate");

export const WebhookSchema = z
  .object({
    id: z.string().openapi({ example: "wh_01JD2X4Q8Z6Y3W5V7T9R1P0N2M" }),
    url: z.string(),
    actions: z.array(z.enum(CASE_ACTIONS)).nullable(),
    active: z.boolean(),
    created_at: z.string(),
  })
  .openapi("Webhook");

export const WebhookCreatedSchema = WebhookSchema.extend({
  secret: z.string().openapi({
    description: "The signing secret, shown this once: verify `GridStation-Signature` with it.",
    example: "whsec_3q2-7wE…",
  }),
}).openapi("WebhookCreated");

export const DeliverySchema = z
  .object({
    id: z
      .string()
      .openapi({ description: "Sent as `GridStation-Delivery`; the same on every retry.", example: "dlv_01JD2X4Q8Z6Y3W5V7T9R1P0N2M" }),
    event_id: z.number().int(),
    status: z.enum(DELIVERY_STATUSES).openapi({ description: "`retrying` after a failed attempt; `dead` once the retries are spent." }),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    delivered_at: z.string().nullable(),
  })
  .openapi("WebhookDelivery");

export function toWebhookJson(row: Webhook): z.infer<typeof WebhookSchema> {
  return { id: row.id, url: row.url, actions: row.actions, active: row.active, created_at: row.createdAt.toISOString() };
}

export function toDeliveryJson(row: WebhookDelivery): z.infer<typeof DeliverySchema> {
  return {
    id: row.id,
    event_id: row.eventId,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.lastStatusCode,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    delivered_at: row.deliveredAt?.toISOString() ?? null,
  };
}
