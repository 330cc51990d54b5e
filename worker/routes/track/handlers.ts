import { giveFeedback, trackCase } from "../../cases/tracking.ts";
import type { AppRouteHandler } from "../../router.ts";
import type { FeedbackRoute, TrackRoute } from "./routes.ts";

export const track: AppRouteHandler<TrackRoute> = async (c) => {
  c.header("Cache-Control", "no-store");
  return c.json(await trackCase(c.get("db"), c.req.valid("param").tracking_code), 200);
};

export const feedback: AppRouteHandler<FeedbackRoute> = async (c) => {
  const code = c.req.valid("param").tracking_code;
  const body = c.req.valid("json");
  await giveFeedback(c.get("db"), code, body.satisfied, body.comment ?? null, new Date());
  return c.json(await trackCase(c.get("db"), code), 200);
};
