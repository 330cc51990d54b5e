import { toDeliveryJson, toWebhookJson } from "../../../schema/api/webhook.ts";
import type { AppRouteHandler } from "../../router.ts";
import { listDeliveries } from "../../webhooks/deliveries.ts";
import { createWebhook, deactivateWebhook, listWebhooks, webhookOf } from "../../webhooks/subscriptions.ts";
import { keyIdOf } from "./owner.ts";
import type { CreateRoute, DeliveriesRoute, GetRoute, ListRoute, RemoveRoute } from "./routes.ts";

export const create: AppRouteHandler<CreateRoute> = async (c) => {
  const { webhook, secret } = await createWebhook(c.get("db"), c.get("services").config.keys, keyIdOf(c), c.req.valid("json"), {
    allowPrivateDestinations: c.get("services").config.development,
  });
  c.header("Location", `/api/v1/webhooks/${webhook.id}`);
  return c.json({ ...toWebhookJson(webhook), secret }, 201);
};

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const rows = await listWebhooks(c.get("db"), keyIdOf(c));
  return c.json({ items: rows.map(toWebhookJson) }, 200);
};

export const get: AppRouteHandler<GetRoute> = async (c) => {
  return c.json(toWebhookJson(await webhookOf(c.get("db"), keyIdOf(c), c.req.valid("param").id)), 200);
};

export const remove: AppRouteHandler<RemoveRoute> = async (c) => {
  await deactivateWebhook(c.get("db"), keyIdOf(c), c.req.valid("param").id);
  return c.body(null, 204);
};

export const deliveries: AppRouteHandler<DeliveriesRoute> = async (c) => {
  const hook = await webhookOf(c.get("db"), keyIdOf(c), c.req.valid("param").id);
  const page = await listDeliveries(c.get("db"), hook.id, c.req.valid("query"));
  return c.json({ items: page.items.map(toDeliveryJson), next_cursor: page.next_cursor }, 200);
};
