import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CASE_ACTIONS, CASE_LEVELS, CASE_STATUSES, CATEGORIES, type CaseAction, CHANNELS, SATISFACTION } from "./constants.ts";

/**
 * A reported problem. `area_path` is the most specific area of its place (micro-grid or grid, or
 * the district when only an address is known); scope checks compare it with the actor's path.
 * `revision` changes on every write; writes are guarded by it (optimistic concurrency).
 */
export const caseTable = sqliteTable(
  "case",
  {
    id: text().primaryKey(),
    trackingCode: text().notNull(),
    category: text({ enum: CATEGORIES }).notNull(),
    channel: text({ enum: CHANNELS }).notNull(),
    description: text().notNull(),
    photoKey: text(),
    /** A photo an Open311 client published itself (GeoReport's `media_url`): kept as the link it sent. */
    mediaUrl: text(),
    attributes: text({ mode: "json" }).$type<Record<string, string | number | boolean>>(),
    stationCode: text(),
    microGridId: text(),
    address: text(),
    lat: real(),
    lng: real(),
    areaPath: text().notNull(),
    /** The place's areas per level, so "newest cases in area X" is an equality plus an ordered index walk. */
    streetId: text(),
    communityId: text(),
    gridId: text(),
    reporterName: text(),
    reporterPhone: text(),
    /** The resident asked to be told of the result by SMS (办结后短信告诉我); erased with the number. */
    notifyResident: integer({ mode: "boolean" }).notNull().default(false),
    level: text({ enum: CASE_LEVELS }).notNull(),
    status: text({ enum: CASE_STATUSES }).notNull(),
    assigneeId: integer(),
    departmentId: text(),
    dueAt: integer({ mode: "timestamp_ms" }).notNull(),
    overdue: integer({ mode: "boolean" }).notNull().default(false),
    /** When the scheduler next urges, while open: the due time, then once per period after it. */
    nextUrgeAt: integer({ mode: "timestamp_ms" }).notNull(),
    urgeCount: integer().notNull().default(0),
    lastUrgedAt: integer({ mode: "timestamp_ms" }),
    extensionDueAt: integer({ mode: "timestamp_ms" }),
    extensionReason: text(),
    resolution: text(),
    resolvedAt: integer({ mode: "timestamp_ms" }),
    resolvedLevel: text({ enum: CASE_LEVELS }),
    resolvedOnTime: integer({ mode: "boolean" }),
    closedAt: integer({ mode: "timestamp_ms" }),
    reopenCount: integer().notNull().default(0),
    satisfaction: text({ enum: SATISFACTION }),
    feedbackComment: text(),
    mergedInto: text(),
    /** 督办: when the district put the case under supervision, and why; both null when it is not (or was lifted). */
    supervisedAt: integer({ mode: "timestamp_ms" }),
    supervisionReason: text(),
    /** Who filed it: `api_key:<id>`, `staff:<id>` or `resident`. */
    createdBy: text().notNull(),
    idempotencyKey: text(),
    requestHash: text(),
    revision: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("case_tracking_code_unique").on(t.trackingCode),
    uniqueIndex("case_idempotency_unique").on(t.createdBy, t.idempotencyKey),
    index("case_created_idx").on(t.createdAt, t.id),
    index("case_updated_idx").on(t.updatedAt, t.id),
    // Lists in due order across the district (within an area, its own index and a sort of its rows).
    index("case_due_idx").on(t.dueAt, t.id),
    index("case_street_created_idx").on(t.streetId, t.createdAt, t.id),
    index("case_community_created_idx").on(t.communityId, t.createdAt, t.id),
    index("case_grid_created_idx").on(t.gridId, t.createdAt, t.id),
    index("case_micro_grid_created_idx").on(t.microGridId, t.createdAt, t.id),
    index("case_department_created_idx").on(t.departmentId, t.createdAt, t.id),
    index("case_station_idx").on(t.stationCode, t.category, t.status),
    // "Due today in my area": a short range of due times, then the area.
    index("case_open_due_area_idx").on(t.dueAt, t.areaPath).where(sql`status IN ('submitted', 'in_progress')`),
    // "Needs my action": open cases at my level, soonest due first.
    index("case_open_level_due_idx").on(t.level, t.dueAt).where(sql`status IN ('submitted', 'in_progress')`),
    index("case_open_urge_idx").on(t.nextUrgeAt).where(sql`status IN ('submitted', 'in_progress')`),
    index("case_personal_data_retention_idx")
      .on(t.closedAt)
      .where(sql`reporter_name IS NOT NULL OR reporter_phone IS NOT NULL OR photo_key IS NOT NULL`),
    // Whether another case still shows a photo that retention would erase.
    index("case_photo_idx").on(t.photoKey).where(sql`photo_key IS NOT NULL`),
    // How many residents' reports were joined to a case (worker/cases/duplicates.ts).
    index("case_merged_into_idx").on(t.mergedInto).where(sql`merged_into IS NOT NULL`),
    index("case_resolved_idx").on(t.resolvedAt).where(sql`status = 'resolved'`),
    // The 督办 list: the few cases under supervision, latest first.
    index("case_supervised_idx").on(t.supervisedAt, t.areaPath).where(sql`supervised_at IS NOT NULL`),
    // The ranking: the cases filed in a period with everything its three rates read, from the index alone.
    index("case_created_rank_idx").on(
      t.createdAt,
      t.streetId,
      t.communityId,
      t.gridId,
      t.departmentId,
      t.status,
      t.resolvedAt,
      t.resolvedOnTime,
      t.satisfaction,
    ),
  ],
);

export type CaseRow = typeof caseTable.$inferSelect;
export type NewCaseRow = typeof caseTable.$inferInsert;

/** The append-only trail of a case: every action, who took it, what changed, public or internal. */
export const caseEvent = sqliteTable(
  "case_event",
  {
    id: integer().primaryKey({ autoIncrement: true }),
    caseId: text().notNull(),
    action: text({ enum: CASE_ACTIONS }).notNull(),
    /** `staff:<id>`, `api_key:<id>`, `resident` or `system`. */
    actor: text().notNull(),
    actorName: text(),
    fromStatus: text({ enum: CASE_STATUSES }),
    toStatus: text({ enum: CASE_STATUSES }).notNull(),
    fromLevel: text({ enum: CASE_LEVELS }),
    toLevel: text({ enum: CASE_LEVELS }).notNull(),
    text: text(),
    /** Whether the event is on the resident's trail (the hand-over itself is; its reason may not be). */
    public: integer({ mode: "boolean" }).notNull(),
    /**
     * Whether the resident may read `text`. Null on events written before it was recorded: their
     * text is read as public, except hand-over and supervision reasons (cases/trail.ts).
     */
    textPublic: integer({ mode: "boolean" }),
    data: text({ mode: "json" }).$type<Record<string, unknown>>(),
    /**
     * The case's revision this event moved on from. Unique per case, so two writers racing from
     * the same revision cannot both append: the loser's whole batch (row, event, counters) fails.
     */
    previousRevision: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    /**
     * Copies of the case's area ids and department (worker/cases/event-scope.ts keeps them equal to
     * the case's own, in the batch of every write), so that "the events of grid G after id N" is one
     * range of an index that leads with the area: a scoped poll of the feed or a webhook's fan-out
     * reads its own events only, instead of walking the district's events and joining each one's case.
     */
    streetId: text(),
    communityId: text(),
    gridId: text(),
    microGridId: text(),
    departmentId: text(),
  },
  (t) => [
    index("case_event_case_idx").on(t.caseId, t.id),
    uniqueIndex("case_event_revision_unique").on(t.caseId, t.previousRevision),
    // One per level: a leading area column followed by the id serves "after N, in id order" at that
    // level only. Partial, since many events have no micro-grid or department.
    index("case_event_street_idx").on(t.streetId, t.id).where(sql`street_id IS NOT NULL`),
    index("case_event_community_idx").on(t.communityId, t.id).where(sql`community_id IS NOT NULL`),
    index("case_event_grid_idx").on(t.gridId, t.id).where(sql`grid_id IS NOT NULL`),
    index("case_event_micro_grid_idx").on(t.microGridId, t.id).where(sql`micro_grid_id IS NOT NULL`),
    index("case_event_department_idx").on(t.departmentId, t.id).where(sql`department_id IS NOT NULL`),
  ],
);

export type CaseEventRow = typeof caseEvent.$inferSelect;

/** Actions whose text was internal before each event said whether it is (`text_public` null). */
const TEXT_INTERNAL_BY_DEFAULT: readonly CaseAction[] = ["escalate", "whistle", "dispatch", "return", "extend", "urge"];

/**
 * Whether the resident may read an event's text: it must be on their trail, and marked for them;
 * events from before the mark was recorded count as marked except hand-over and supervision
 * reasons, which were never meant for the resident.
 */
export function residentReadsText(event: Pick<CaseEventRow, "action" | "public" | "textPublic">): boolean {
  return event.public && (event.textPublic ?? !TEXT_INTERNAL_BY_DEFAULT.includes(event.action));
}
export type NewCaseEventRow = typeof caseEvent.$inferInsert;

/**
 * Photos a resident added to an open case after filing it (the report's own photo is
 * `case.photo_key`); the `supplement` event that added one names it in its data. Unlike the
 * event, the row goes with the reporter's data once the case has been closed past retention
 * (scheduler.ts), and only a photo that still has its row is shown.
 */
export const casePhoto = sqliteTable(
  "case_photo",
  {
    caseId: text().notNull(),
    photoKey: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.photoKey] }),
    // Whether another case still shows a photo that retention would erase.
    index("case_photo_key_idx").on(t.photoKey),
    // Retention: only photos added before the cutoff can belong to a case closed before it.
    index("case_photo_created_idx").on(t.createdAt),
  ],
);

/**
 * Counters maintained in the same batch as every case write, so that statistics at a million
 * cases read a handful of rows instead of scanning. `scope` is an area id or `department:<id>`.
 */
export const caseCounter = sqliteTable(
  "case_counter",
  {
    scope: text().notNull(),
    metric: text().notNull(),
    value: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.metric] })],
);
