import { createRoute, z } from "@hono/zod-openapi";
import { CaseEventSchema } from "../../../schema/api/case.ts";
import { requireScope } from "../../auth/middleware.ts";
import { authErrorResponses, errorResponses } from "../../errors.ts";
import { keyOrSession } from "../cases/routes.ts";
import { jsonContent } from "../openapi.ts";

export const feed = createRoute({
  method: "get",
  path: "/api/v1/events",
  operationId: "listEvents",
  tags: ["Cases"],
  summary: "The feed of case events in your scope, oldest first",
  description:
    "Poll with the `next_cursor` of the previous answer to get what happened since, without missing or repeating an event: " +
    "events are numbered in the order they were committed (D1 has one writer), and the cursor is the last number you saw. " +
    "`next_cursor` is returned even when there is nothing new, so a poller always has a cursor to send.",
  security: keyOrSession("cases:read"),
  middleware: [requireScope("cases:read")],
  request: {
    query: z.object({
      after: z.string().max(100).optional().openapi({ description: "A `next_cursor`; omit to start from the beginning." }),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(CaseEventSchema), next_cursor: z.string() }).openapi("EventFeed"),
      "Up to `limit` events after the cursor.",
    ),
    ...authErrorResponses,
    ...errorResponses,
  },
});

export type FeedRoute = typeof feed;
