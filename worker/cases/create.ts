import { and, eq, isNull, type Placeholder } from "drizzle-orm";
import { area } from "../../schema/area.ts";
import { type CaseRow, caseTable, type NewCaseEventRow } from "../../schema/case.ts";
import type { Category, Channel } from "../../schema/constants.ts";
import { station } from "../../schema/station.ts";
import type { Database } from "../db.ts";
import { DomainError } from "../domain-error.ts";
import { isInside, pathIds } from "../lib/area-path.ts";
import { sha256Hex } from "../lib/encoding.ts";
import { isTransient, retryTransient } from "../lib/retry.ts";
import { outboxStatements, writtenIds } from "../notify/outbox.ts";
import { noticesFor } from "../notify/rules.ts";
import { caseEventsAppended } from "../webhooks/announce.ts";
import { anyActiveWebhook } from "../webhooks/listening.ts";
import { ACTIONS } from "../workflow/actions.ts";
import { type Actor, actorName, actorRef } from "../workflow/actor.ts";
import { insertCaseEvents, insertCaseRows } from "../workflow/case-inserts.ts";
import { counterDeltas, counterStatements } from "../workflow/counters.ts";
import { newCaseId, newRevision, newTrackingCode } from "../workflow/ids.ts";
import { isUniqueViolation, transitionRecords } from "../workflow/store.ts";
import { dueAt } from "../workflow/time-limits.ts";
import { eventScopeOf } from "./event-scope.ts";

export interface CaseInput {
  category: Category;
  description: string;
  stationCode?: string | undefined;
  microGridId?: string | undefined;
  address?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  /** The reporter asks to be told of the result by SMS; meaningful only with a number. */
  notifyResident?: boolean | undefined;
  attributes?: Record<string, string | number | boolean> | undefined;
  photoKey?: string | undefined;
  mediaUrl?: string | undefined;
}

export interface CreateOptions {
  channel: Channel;
  actor: Actor;
  idempotencyKey?: string | undefined;
  now: Date;
  /**
   * The area path of a place the caller has already checked, with the idempotency key already
   * looked up (the report form does both in its first round trip); saves a round trip.
   */
  checkedAreaPath?: string;
  /** `contentHash(input)`, when the caller has already computed it (the report form keys on it). */
  contentHash?: string;
  /** The area the filer is limited to (an API key's): a case placed outside it is refused. */
  withinArea?: string | null;
  /**
   * An open report of the same problem the resident chose to join (worker/cases/duplicates.ts):
   * the case is filed already merged into it (合并办理), in the same batch.
   */
  joining?: CaseRow | undefined;
}

/**
 * The row as it is written and the events recording it: filed, and, when it joins an open report
 * of the same problem, merged into that one by the system in the same write.
 */
function filedRecords(row: CaseRow, options: CreateOptions) {
  const created = creationEvent(row, options.actor);
  if (!options.joining) return { row, events: [created] };
  const target = options.joining;
  const transition = ACTIONS.merge!.apply(row, { into_case_id: target.id }, { now: options.now, refs: { target } });
  const merged = transitionRecords(row, "merge", { kind: "system" }, transition, options.now);
  return { row: merged.after, events: [created, merged.event] };
}

/** JSON with sorted keys, so the same body always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What an idempotent repeat must match: the case's content, without the photo's storage key. */
export function contentHash(input: CaseInput): Promise<string> {
  return sha256Hex(canonical({ ...input, photoKey: undefined }));
}

function replay(existing: CaseRow, requestHash: string) {
  if (existing.requestHash !== requestHash) {
    throw new DomainError("idempotency_conflict", "This Idempotency-Key was used with a different body.", {
      details: { case_id: existing.id },
    });
  }
  // A replay writes nothing: no new event for webhooks.
  return { case: existing, replayed: true, listened: false };
}

/** Where the case sits: the most specific area its place names, and the level that holds it. */
async function resolvePlace(db: Database, input: CaseInput, createdBy: string, idempotencyKey: string | undefined) {
  const [stations, microGrids, districts, previous] = await db.batch([
    db
      .select()
      .from(station)
      .where(eq(station.code, input.stationCode ?? "")),
    db
      .select()
      .from(area)
      .where(and(eq(area.id, input.microGridId ?? ""), eq(area.level, "micro_grid"))),
    db.select().from(area).where(isNull(area.parentId)).limit(1),
    db
      .select()
      .from(caseTable)
      .where(and(eq(caseTable.createdBy, createdBy), eq(caseTable.idempotencyKey, idempotencyKey ?? ""))),
  ]);
  const problems: { path: string; message: string }[] = [];
  const foundStation = stations[0];
  const microGrid = microGrids[0];
  if (input.stationCode && !foundStation?.active) {
    problems.push({ path: "station_code", message: `there is no station ${input.stationCode}` });
  }
  if (input.microGridId && !microGrid) problems.push({ path: "micro_grid_id", message: `there is no micro-grid ${input.microGridId}` });
  if (foundStation && microGrid && microGrid.parentId !== foundStation.gridId) {
    problems.push({ path: "micro_grid_id", message: `${microGrid.id} is not in the grid of station ${foundStation.code}` });
  }
  const district = districts[0];
  if (!district) throw new DomainError("unavailable", "The directory is empty; load it before filing cases.");
  return {
    previous: previous[0],
    problems,
    areaPath: microGrid?.path ?? foundStation?.areaPath ?? district.path,
  };
}

/** A new case row at `areaPath`: held by the grid when the place reaches one, else the district. */
export function newCaseRow(
  input: CaseInput,
  areaPath: string,
  options: CreateOptions & { createdBy: string; requestHash: string | null },
): CaseRow {
  const ids = pathIds(areaPath);
  const level = ids.length >= 4 ? "grid" : "district";
  const now = options.now;
  return {
    id: newCaseId(now),
    trackingCode: newTrackingCode(),
    category: input.category,
    channel: options.channel,
    description: input.description,
    photoKey: input.photoKey ?? null,
    mediaUrl: input.mediaUrl ?? null,
    attributes: input.attributes ?? null,
    stationCode: input.stationCode ?? null,
    microGridId: input.microGridId ?? null,
    address: input.address ?? null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
    areaPath,
    streetId: ids[1] ?? null,
    communityId: ids[2] ?? null,
    gridId: ids[3] ?? null,
    reporterName: input.reporterName ?? null,
    reporterPhone: input.reporterPhone ?? null,
    notifyResident: Boolean(input.notifyResident && input.reporterPhone),
    supervisedAt: null,
    supervisionReason: null,
    level,
    status: "submitted",
    assigneeId: null,
    departmentId: null,
    dueAt: dueAt(input.category, level, now),
    nextUrgeAt: dueAt(input.category, level, now),
    overdue: false,
    urgeCount: 0,
    lastUrgedAt: null,
    extensionDueAt: null,
    extensionReason: null,
    resolution: null,
    resolvedAt: null,
    resolvedLevel: null,
    resolvedOnTime: null,
    closedAt: null,
    reopenCount: 0,
    satisfaction: null,
    feedbackComment: null,
    mergedInto: null,
    createdBy: options.createdBy,
    idempotencyKey: options.idempotencyKey ?? null,
    requestHash: options.requestHash,
    revision: newRevision(),
    createdAt: now,
    updatedAt: now,
  };
}

export function creationEvent(row: CaseRow, actor: Actor): NewCaseEventRow {
  return {
    caseId: row.id,
    action: "create",
    actor: row.createdBy,
    actorName: actorName(actor),
    fromStatus: null,
    toStatus: "submitted",
    fromLevel: null,
    toLevel: row.level,
    text: null,
    public: true,
    textPublic: true,
    data: { channel: row.channel },
    previousRevision: "",
    createdAt: row.createdAt,
    ...eventScopeOf(row),
  };
}

/**
 * Files a case: its row, its creation event and the counters in one batch. With an idempotency
 * key, the same key and body give back the first case; the same key with another body is 422.
 */
export async function createCase(db: Database, input: CaseInput, options: CreateOptions) {
  const createdBy = actorRef(options.actor);
  // The photo is stored before the case, under a name made of its content: a retry stores nothing new.
  const requestHash = options.idempotencyKey ? (options.contentHash ?? (await contentHash(input))) : null;
  const place = options.checkedAreaPath
    ? { areaPath: options.checkedAreaPath }
    : await resolvePlace(db, input, createdBy, options.idempotencyKey);
  if ("previous" in place) {
    if (place.previous && requestHash) return replay(place.previous, requestHash);
    if (place.problems.length > 0) {
      throw new DomainError("validation_failed", "The place of the case does not check out.", { details: place.problems });
    }
  }
  if (options.withinArea && !isInside(place.areaPath, options.withinArea)) {
    throw new DomainError("forbidden", "This API key files cases only inside its area; the place given is outside it.", {
      details: { area: options.withinArea },
    });
  }
  for (let attempt = 0; ; attempt++) {
    const { row, events } = filedRecords(newCaseRow(input, place.areaPath, { ...options, createdBy, requestHash }), options);
    const outbox = outboxStatements(db, noticesFor("create", null, row), row, { caseId: row.id, previousRevision: "" }, options.now);
    const write = () =>
      db.$client.batch([
        ...insertCaseRows(db, [row]),
        ...insertCaseEvents(db, events),
        ...counterStatements(db, counterDeltas(null, row)),
        ...outbox,
        anyActiveWebhook(db),
      ]);
    try {
      // With an idempotency key a repeat is safe: if a lost try did land, the repeat finds it.
      const results = await (requestHash ? retryTransient(write) : write());
      const listened = (results.at(-1)?.results.length ?? 1) > 0;
      caseEventsAppended(listened, writtenIds(results.slice(0, -1), outbox.length));
      return { case: row, replayed: false, listened };
    } catch (error) {
      if (isTransient(error)) {
        throw new DomainError("unavailable", "The case could not be saved just now; nothing was filed. Please send it again shortly.", {
          retryAfterSeconds: 30,
        });
      }
      if (requestHash && isUniqueViolation(error, "case.idempotency_key")) {
        // A concurrent request with the same key won the race; answer as it did.
        const winner = await db.query.caseTable.findFirst({
          where: and(eq(caseTable.createdBy, createdBy), eq(caseTable.idempotencyKey, options.idempotencyKey!)),
        });
        if (winner) return replay(winner, requestHash);
      }
      if (attempt < 2 && isUniqueViolation(error, "case.tracking_code")) continue;
      throw error;
    }
  }
}

/** The case filed earlier under this idempotency key (zero or one row), as a batchable query. */
export function idempotencyLookup(db: Database, createdBy: string | Placeholder, key: string | Placeholder) {
  return db
    .select()
    .from(caseTable)
    .where(and(eq(caseTable.createdBy, createdBy), eq(caseTable.idempotencyKey, key)))
    .limit(1);
}
