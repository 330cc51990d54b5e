import { z } from "@hono/zod-openapi";
import type { FeedbackGrade } from "../../schema/constants.ts";
import { freeText } from "../../schema/text.ts";

const text = (max: number) => freeText().min(2).max(max);

/** The body of `POST /cases/{id}/actions/{action}`; which fields an action needs is checked per action. */
export const ActionPayloadSchema = z
  .object({
    note: text(2000).optional().openapi({ description: "note, urge: the comment; dispatch: a note for the department." }),
    public: z
      .boolean()
      .optional()
      .openapi({
        description:
          "note, escalate, whistle, dispatch, return, extend, urge, supervise, lift_supervision: the resident may read this action's text on their trail " +
          "(default: internal). The hand-over itself is always on the trail, in plain words naming who has the case; " +
          "a note that is not public is not on it at all.",
      }),
    assignee_id: z.number().int().positive().optional().openapi({ description: "assign: the staff member." }),
    department_id: z.string().min(1).max(60).optional().openapi({ description: "dispatch: the department." }),
    resolution: text(2000).optional().openapi({ description: "resolve: what was done, shown to the resident." }),
    reason: text(1000)
      .optional()
      .openapi({ description: "return, reject, extend, escalate, whistle, merge, supervise (督办), lift_supervision: why." }),
    due_at: z.iso.datetime({ offset: true }).optional().openapi({ description: "extend (request): the new time limit." }),
    approve: z.boolean().optional().openapi({ description: "extend (decision by the level above)." }),
    into_case_id: z.string().min(1).max(40).optional().openapi({ description: "merge: the case this one duplicates." }),
  })
  .strict()
  .openapi("ActionPayload");

export type ActionPayload = z.infer<typeof ActionPayloadSchema>;

/**
 * What a resident's actions carry (through the tracking code: the page's forms, the track API),
 * never the staff API's body: `supplement` a note and/or a stored photo, `feedback` a grade and
 * a comment. `photo_key` is also the result photo a staff `resolve` stored (engine.ts), never
 * taken from a request: a key named by a client could show another case's photo.
 */
export interface ResidentPayload {
  note?: string | undefined;
  photo_key?: string | undefined;
  grade?: FeedbackGrade | undefined;
  comment?: string | undefined;
}

/** Everything an action of the workflow table may read. */
export type WorkflowPayload = ActionPayload & ResidentPayload;
