import { gradeOf } from "../../../schema/api/case.ts";
import { followUp, giveFeedback, trackCase } from "../../cases/tracking.ts";
import { attachPhoto } from "../../photos/attach.ts";
import type { AppRouteHandler } from "../../router.ts";
import type { FeedbackRoute, SupplementRoute, TrackRoute, UrgeRoute } from "./routes.ts";

export const track: AppRouteHandler<TrackRoute> = async (c) => {
  c.header("Cache-Control", "no-store");
  return c.json(await trackCase(c.get("db"), c.req.valid("param").tracking_code), 200);
};

export const feedback: AppRouteHandler<FeedbackRoute> = async (c) => {
  const code = c.req.valid("param").tracking_code;
  const body = c.req.valid("json");
  await giveFeedback(c.get("db"), code, gradeOf(body), body.comment ?? null, new Date());
  return c.json(await trackCase(c.get("db"), code), 200);
};

export const supplement: AppRouteHandler<SupplementRoute> = async (c) => {
  const code = c.req.valid("param").tracking_code;
  // One of the two is the body, as its content type says; the other is empty.
  const form = c.req.valid("form");
  const note = c.req.valid("json").note ?? form.note;
  const photo = "photo" in form ? form.photo : undefined;
  const services = c.get("services");
  await followUp(
    c.get("db"),
    services.limiters.followUp,
    code,
    "supplement",
    { note, photo: photo && photo.size > 0 ? () => attachPhoto(services, photo) : undefined },
    new Date(),
  );
  return c.json(await trackCase(c.get("db"), code), 200);
};

export const urge: AppRouteHandler<UrgeRoute> = async (c) => {
  const code = c.req.valid("param").tracking_code;
  await followUp(c.get("db"), c.get("services").limiters.followUp, code, "urge", {}, new Date());
  return c.json(await trackCase(c.get("db"), code), 200);
};
