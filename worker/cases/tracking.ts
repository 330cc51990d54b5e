import { and, asc, eq, sql } from "drizzle-orm";
import { type CaseRow, caseEvent, casePhoto, caseTable } from "../../schema/case.ts";
import { CATEGORY_WORDS, LEVEL_WORDS, STATUS_WORDS } from "../../schema/case-words.ts";
import { type FeedbackGrade, RESIDENT_ACTIONS, type ResidentAction } from "../../schema/constants.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { preparedBatch } from "../lib/prepared-batch.ts";
import type { RateLimiter } from "../services.ts";
import { isOverdue } from "../workflow/actions.ts";
import { allowedActions, performResidentAction, refuseUnlessAllowed } from "../workflow/engine.ts";
import { residentResultPhoto } from "./photos.ts";
import { describeTrail, holderAt, trailNameQueries } from "./trail.ts";

const code = sql.placeholder("code");
const RESIDENT = { kind: "resident" } as const;

/** The case, its public events and the names its trail needs, built once per isolate: one round trip. */
const trackingQueries = preparedBatch((db) => [
  db.select().from(caseTable).where(eq(caseTable.trackingCode, code)).limit(1),
  db
    .select({
      action: caseEvent.action,
      actor: caseEvent.actor,
      public: caseEvent.public,
      textPublic: caseEvent.textPublic,
      text: caseEvent.text,
      toLevel: caseEvent.toLevel,
      toStatus: caseEvent.toStatus,
      data: caseEvent.data,
      createdAt: caseEvent.createdAt,
    })
    .from(caseEvent)
    .innerJoin(caseTable, eq(caseTable.id, caseEvent.caseId))
    .where(and(eq(caseTable.trackingCode, code), eq(caseEvent.public, true)))
    .orderBy(asc(caseEvent.id)),
  ...trailNameQueries(db, eq(caseTable.trackingCode, code)),
  db
    .select({ photoKey: casePhoto.photoKey })
    .from(casePhoto)
    .innerJoin(caseTable, eq(caseTable.id, casePhoto.caseId))
    .where(eq(caseTable.trackingCode, code)),
]);

/** The report a resident's own was joined to, with the names its holder is known by: one round trip. */
const joinedQueries = preparedBatch((db) => [
  db
    .select()
    .from(caseTable)
    .where(eq(caseTable.id, sql.placeholder("id")))
    .limit(1),
  ...trailNameQueries(db, eq(caseTable.id, sql.placeholder("id"))),
]);

/** How the report a merged one joined stands, in the resident's words; null when it was not merged. */
async function joinedTo(db: Database, row: CaseRow) {
  if (!row.mergedInto) return null;
  const [targets, areas, departments] = await joinedQueries(db, { id: row.mergedInto });
  const target = targets[0];
  if (!target) return null;
  return {
    status: target.status,
    status_text: STATUS_WORDS[target.status],
    handled_by: holderAt(target.level, target.departmentId, { areas, departments }),
    resolution: target.resolution,
    resolved_at: target.resolvedAt?.toISOString() ?? null,
  };
}

const notFound = () => new DomainError("not_found", "No case has this tracking code. Check the code on your receipt.");

/**
 * The resident's view of a case by its tracking code: status and who has it in plain words, the
 * public events with only the text the resident may read, what they may do now; no personal data.
 */
export async function trackCase(db: Database, trackingCode: string, now = new Date()) {
  const [rows, events, areas, departments, photos] = await trackingQueries(db, { code: trackingCode });
  const row = rows[0];
  if (!row) throw notFound();
  const names = { areas, departments };
  const trail = describeTrail(events, names);
  const resultPhoto = residentResultPhoto(
    row,
    trail,
    photos.map((p) => p.photoKey),
  );
  const open = row.status === "submitted" || row.status === "in_progress";
  const lastGrade = trail.findLast((entry) => entry.grade !== null)?.grade ?? null;
  return {
    tracking_code: row.trackingCode,
    category: row.category,
    category_name: { zh: CATEGORY_WORDS[row.category].zh, en: CATEGORY_WORDS[row.category].en },
    description: row.description,
    status: row.status,
    status_text: STATUS_WORDS[row.status],
    level: row.level,
    level_text: LEVEL_WORDS[row.level],
    station_code: row.stationCode,
    created_at: row.createdAt.toISOString(),
    due_at: row.dueAt.toISOString(),
    resolution: row.resolution,
    resolved_at: row.resolvedAt?.toISOString() ?? null,
    result_photo_url: resultPhoto ? `/t/${row.trackingCode}/result-photo` : null,
    closed_at: row.closedAt?.toISOString() ?? null,
    overdue: open && isOverdue(row, now),
    handled_by: holderAt(row.level, row.departmentId, names),
    satisfaction: row.satisfaction,
    grade: row.satisfaction ? lastGrade : null,
    can_give_feedback: row.status === "resolved",
    allowed_actions: allowedActions(RESIDENT, row, now).filter((a): a is ResidentAction =>
      (RESIDENT_ACTIONS as readonly string[]).includes(a),
    ),
    joined_to: await joinedTo(db, row),
    events: trail.map((entry) => ({
      at: entry.at.toISOString(),
      action: entry.event.action,
      status: entry.event.toStatus,
      level: entry.event.toLevel,
      summary: entry.summary,
      handled_by: entry.handledBy,
      text: entry.text,
      photo: entry.photoKey !== null,
      grade: entry.grade,
    })),
  };
}

export type TrackedCase = Awaited<ReturnType<typeof trackCase>>;

/** The key of the photo of the result a resident may see on their case (`result_photo_url`), or null. */
export async function resultPhotoOf(db: Database, trackingCode: string): Promise<string | null> {
  const [rows, events, areas, departments, photos] = await trackingQueries(db, { code: trackingCode });
  const row = rows[0];
  if (!row) return null;
  return residentResultPhoto(
    row,
    describeTrail(events, { areas, departments }),
    photos.map((p) => p.photoKey),
  );
}

async function caseByCode(db: Database, trackingCode: string): Promise<CaseRow> {
  const row = await db.query.caseTable.findFirst({ where: eq(caseTable.trackingCode, trackingCode) });
  if (!row) throw notFound();
  return row;
}

/** What a resident adds with a supplement; `photo` stores their photo and gives its key. */
export interface FollowUpInput {
  note?: string | undefined;
  photo?: (() => Promise<string>) | undefined;
}

/**
 * A resident's follow-up on their case (补充 a note or a photo while it is open, 催办 once it is
 * overdue): 404 for an unknown code, 409 naming what they may do when it does not fit the case,
 * 429 past the limit per case; the photo is stored only once all that has passed.
 */
export async function followUp(
  db: Database,
  limiter: RateLimiter,
  trackingCode: string,
  action: "supplement" | "urge",
  input: FollowUpInput,
  now: Date,
): Promise<CaseRow> {
  const row = await caseByCode(db, trackingCode);
  refuseUnlessAllowed(RESIDENT, row, action, now);
  if (!(await limiter.limit({ key: trackingCode })).success) {
    throw new DomainError("rate_limited", "Too many follow-ups on this case in a row; try again in a minute.", { retryAfterSeconds: 60 });
  }
  const photoKey = input.photo ? await input.photo() : undefined;
  return performResidentAction(db, row, action, { note: input.note, photo_key: photoKey }, now);
}

/** 回访/评价: 满意 and 基本满意 close the case, 不满意 sends it back to its holder. */
export async function giveFeedback(db: Database, trackingCode: string, grade: FeedbackGrade, comment: string | null, now: Date) {
  const row = await caseByCode(db, trackingCode);
  return performResidentAction(db, row, "feedback", { grade, comment: comment ?? undefined }, now);
}
