import { toCaseEventJson } from "../../../schema/api/case.ts";
import { eventFeed } from "../../cases/feed.ts";
import type { AppRouteHandler } from "../../router.ts";
import type { FeedRoute } from "./routes.ts";

export const feed: AppRouteHandler<FeedRoute> = async (c) => {
  const { after, limit } = c.req.valid("query");
  const page = await eventFeed(c.get("db"), c.get("principal"), after, limit);
  return c.json({ items: page.events.map(toCaseEventJson), next_cursor: page.next_cursor }, 200);
};
