import { z } from "@hono/zod-openapi";
import { type CaseEventRow, type CaseRow, residentReadsText } from "../case.ts";
import {
  CASE_ACTIONS,
  CASE_LEVELS,
  CASE_STATUSES,
  CATEGORIES,
  CHANNELS,
  DESCRIPTION_MAX,
  FEEDBACK_GRADES,
  RESIDENT_ACTIONS,
  SATISFACTION,
} from "../constants.ts";
import { freeText } from "../text.ts";
import { AreaIdSchema } from "./area.ts";
import { MainlandMobileSchema } from "./staff.ts";
import { StationCodeSchema } from "./station.ts";

const Timestamp = z.string().openapi({ description: "ISO 8601, UTC", example: "2026-11-26T08:00:00.000Z" });
const AttributeValue = z.union([z.string().max(500), z.number(), z.boolean()]);

export const CaseCreateSchema = z
  .object({
    category: z.enum(CATEGORIES),
    description: freeText().min(1, "describe the problem").max(DESCRIPTION_MAX),
    station_code: StationCodeSchema.optional(),
    micro_grid_id: AreaIdSchema.optional(),
    address: freeText().min(2).max(200).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
    reporter: z
      .object({
        name: freeText().min(1).max(40).optional(),
        phone: MainlandMobileSchema.optional(),
        notify: z.boolean().optional().openapi({
          description:
            "The reporter asks to be told by SMS when the case is resolved (办结后短信告诉我): only the tracking link and how to give feedback. Needs `phone`.",
        }),
      })
      .strict()
      .refine((r) => !r.notify || r.phone !== undefined, { message: "notify needs a phone", path: ["notify"] })
      .optional(),
    attributes: z
      .record(z.string().regex(/^[a-z0-9_]{1,40}$/), AttributeValue)
      .refine((a) => Object.keys(a).length <= 20, "at most 20 attributes")
      .optional(),
  })
  .strict()
  .refine((b) => (b.lat === undefined) === (b.lng === undefined), { message: "give lat and lng together", path: ["lng"] })
  .openapi("CaseCreate");

export const CaseSchema = z
  .object({
    id: z.string(),
    tracking_code: z.string(),
    category: z.enum(CATEGORIES),
    channel: z.enum(CHANNELS),
    description: z.string(),
    has_photo: z.boolean(),
    attributes: z.record(z.string(), AttributeValue).nullable(),
    place: z.object({
      station_code: z.string().nullable(),
      micro_grid_id: z.string().nullable(),
      address: z.string().nullable(),
      lat: z.number().nullable(),
      lng: z.number().nullable(),
      area_path: z.string(),
    }),
    reporter: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable().openapi({
      description: "Null when anonymous; the name and phone are masked (王**, 138****5678) except for those handling the case.",
    }),
    level: z.enum(CASE_LEVELS),
    status: z.enum(CASE_STATUSES),
    assignee_id: z.number().int().nullable(),
    department_id: z.string().nullable(),
    due_at: Timestamp,
    overdue: z.boolean(),
    urge_count: z.number().int(),
    extension_request: z.object({ due_at: Timestamp, reason: z.string().nullable() }).nullable(),
    resolution: z.string().nullable(),
    resolved_at: Timestamp.nullable(),
    closed_at: Timestamp.nullable(),
    reopen_count: z.number().int(),
    satisfaction: z.enum(SATISFACTION).nullable(),
    feedback_comment: z.string().nullable(),
    merged_into: z.string().nullable(),
    supervision: z
      .object({ since: Timestamp, reason: z.string().nullable() })
      .nullable()
      .openapi({ description: "督办: since when and why the district supervises the case; null when it does not." }),
    created_at: Timestamp,
    updated_at: Timestamp,
    allowed_actions: z.array(z.enum(CASE_ACTIONS)).openapi({ description: "What the caller may do now (staff only)." }),
  })
  .openapi("Case");

export type CaseJson = z.infer<typeof CaseSchema>;

export const CaseEventSchema = z
  .object({
    id: z.number().int(),
    case_id: z.string(),
    action: z.enum(CASE_ACTIONS),
    actor: z.string(),
    actor_name: z.string().nullable(),
    from_status: z.enum(CASE_STATUSES).nullable(),
    to_status: z.enum(CASE_STATUSES),
    from_level: z.enum(CASE_LEVELS).nullable(),
    to_level: z.enum(CASE_LEVELS),
    text: z.string().nullable(),
    public: z.boolean().openapi({ description: "On the resident's trail (GET /api/v1/track/{tracking_code})." }),
    text_public: z.boolean().openapi({
      description: "Whether the resident reads `text` there: hand-over and supervision reasons only when staff marked them (`public`).",
    }),
    data: z.record(z.string(), z.unknown()).nullable(),
    created_at: Timestamp,
  })
  .openapi("CaseEvent");

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : "****";
}

/** `王女士` → `王**`: the surname, enough to address the person, not to find them. */
export function maskName(name: string): string {
  const chars = [...name];
  return `${chars[0] ?? ""}${"*".repeat(Math.max(1, chars.length - 1))}`;
}

export function toCaseJson(row: CaseRow, view: { revealContact: boolean; allowedActions: CaseJson["allowed_actions"] }): CaseJson {
  const anonymous = row.reporterName === null && row.reporterPhone === null;
  return {
    id: row.id,
    tracking_code: row.trackingCode,
    category: row.category,
    channel: row.channel,
    description: row.description,
    has_photo: row.photoKey !== null,
    attributes: row.attributes,
    place: {
      station_code: row.stationCode,
      micro_grid_id: row.microGridId,
      address: row.address,
      lat: row.lat,
      lng: row.lng,
      area_path: row.areaPath,
    },
    reporter: anonymous
      ? null
      : {
          name: row.reporterName && (view.revealContact ? row.reporterName : maskName(row.reporterName)),
          phone: row.reporterPhone && (view.revealContact ? row.reporterPhone : maskPhone(row.reporterPhone)),
        },
    level: row.level,
    status: row.status,
    assignee_id: row.assigneeId,
    department_id: row.departmentId,
    due_at: row.dueAt.toISOString(),
    overdue: row.overdue,
    urge_count: row.urgeCount,
    extension_request: row.extensionDueAt ? { due_at: row.extensionDueAt.toISOString(), reason: row.extensionReason } : null,
    resolution: row.resolution,
    resolved_at: iso(row.resolvedAt),
    closed_at: iso(row.closedAt),
    reopen_count: row.reopenCount,
    satisfaction: row.satisfaction,
    feedback_comment: row.feedbackComment,
    merged_into: row.mergedInto,
    supervision: row.supervisedAt ? { since: row.supervisedAt.toISOString(), reason: row.supervisionReason } : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    allowed_actions: view.allowedActions,
  };
}

export function toCaseEventJson(row: CaseEventRow): z.infer<typeof CaseEventSchema> {
  return {
    id: row.id,
    case_id: row.caseId,
    action: row.action,
    actor: row.actor,
    actor_name: row.actorName,
    from_status: row.fromStatus,
    to_status: row.toStatus,
    from_level: row.fromLevel,
    to_level: row.toLevel,
    text: row.text,
    public: row.public,
    text_public: residentReadsText(row),
    data: row.data,
    created_at: row.createdAt.toISOString(),
  };
}

const WordsSchema = z.object({ zh: z.string(), en: z.string() });
const GradeSchema = z.enum(FEEDBACK_GRADES).openapi({ description: "满意 / 基本满意 / 不满意." });

/** What anyone holding the tracking code may see: no reporter data, no internal notes. */
export const TrackedCaseSchema = z
  .object({
    tracking_code: z.string(),
    category: z.enum(CATEGORIES),
    category_name: WordsSchema,
    description: z.string(),
    status: z.enum(CASE_STATUSES),
    status_text: WordsSchema,
    level: z.enum(CASE_LEVELS),
    level_text: WordsSchema,
    station_code: z.string().nullable(),
    created_at: Timestamp,
    due_at: Timestamp,
    resolution: z.string().nullable(),
    resolved_at: Timestamp.nullable(),
    result_photo_url: z.string().nullable().openapi({
      description: "A photo of the result that came with the answer (metadata removed), while the case stands answered or closed.",
      example: "/t/KM7XQ3RTW9/result-photo",
    }),
    closed_at: Timestamp.nullable(),
    overdue: z.boolean().openapi({ description: "Past its time limit while open: the resident may urge it." }),
    handled_by: WordsSchema.openapi({
      description: "Who has the case now: its grid, community, street, the district centre or the department, by name.",
    }),
    satisfaction: z.enum(SATISFACTION).nullable().openapi({ description: "The verdict: 满意 and 基本满意 both count as satisfied." }),
    grade: GradeSchema.nullable().openapi({ description: "The resident's latest grade of the answer." }),
    can_give_feedback: z.boolean(),
    allowed_actions: z.array(z.enum(RESIDENT_ACTIONS)).openapi({
      description: "What the code's holder may do now: supplement (open), urge (open, overdue), feedback (answered).",
    }),
    joined_to: z
      .object({
        status: z.enum(CASE_STATUSES),
        status_text: WordsSchema,
        handled_by: WordsSchema,
        resolution: z.string().nullable(),
        resolved_at: Timestamp.nullable(),
      })
      .nullable()
      .openapi({
        description:
          "When this report was handled together with an earlier report of the same problem (status merged): how that one stands. " +
          "Its tracking code is not told; only its holders, through their own, act on it.",
      }),
    events: z.array(
      z.object({
        at: Timestamp,
        action: z.enum(CASE_ACTIONS),
        status: z.enum(CASE_STATUSES),
        level: z.enum(CASE_LEVELS),
        summary: WordsSchema.openapi({ description: "What happened, in plain words naming who has the case (已转交 涧河街道 处理)." }),
        handled_by: WordsSchema.openapi({ description: "Who had the case after this event." }),
        text: z
          .string()
          .nullable()
          .openapi({ description: "The event's text when the resident may read it: hand-over reasons only when staff marked them." }),
        photo: z.boolean().openapi({
          description: "A photo came with this event: the resident's own (staff see it), or the result's (`result_photo_url`).",
        }),
        grade: GradeSchema.nullable(),
      }),
    ),
  })
  .openapi("TrackedCase");

export const FeedbackSchema = z
  .object({
    grade: GradeSchema.optional(),
    satisfied: z.boolean().optional().openapi({ description: "The older yes/no: true is 满意, false 不满意. Give `grade` instead." }),
    comment: freeText().min(1).max(500).optional(),
  })
  .strict()
  .refine((b) => b.grade !== undefined || b.satisfied !== undefined, { message: "give a grade", path: ["grade"] })
  .refine((b) => b.grade === undefined || b.satisfied === undefined || b.satisfied === (b.grade !== "unsatisfied"), {
    message: "satisfied does not agree with grade",
    path: ["satisfied"],
  })
  .openapi("Feedback", { description: "满意 and 基本满意 close the case; 不满意 sends it back to the level that answered." });

/** The grade a feedback body gives, from `grade` or the older `satisfied`. */
export function gradeOf(body: z.infer<typeof FeedbackSchema>) {
  return body.grade ?? (body.satisfied ? "satisfied" : "unsatisfied");
}

const SupplementNote = freeText().min(2).max(2000);

export const SupplementSchema = z
  .object({ note: SupplementNote })
  .strict()
  .openapi("Supplement", { description: "What the resident adds to their open case." });

export const SupplementFormSchema = z
  .object({
    note: SupplementNote.optional(),
    photo: z.instanceof(File).optional().openapi({
      type: "string",
      format: "binary",
      description: "JPEG, PNG, WebP or HEIC, at most 30 MB; kept at 1,600 pixels on its long side as a JPEG without metadata (GPS).",
    }),
  })
  .openapi("SupplementForm", { description: "A note, a photo, or both." });
