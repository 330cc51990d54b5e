import type { CaseRow } from "../../schema/case.ts";
import { AREA_LEVELS, type CaseLevel, type StaffRole } from "../../schema/constants.ts";
import type { Database } from "../db.ts";
import { pathIds } from "../lib/area-path.ts";
import { ROLE_LEVEL } from "../workflow/levels.ts";
import type { Audience, Notice } from "./rules.ts";

// The outbox's writing side: a notice (rules.ts) becomes INSERT … SELECT statements that ride in
// the batch of the event causing it, so a notification exists exactly when its event does. The
// recipients are read inside the batch (no round trip before it, and no stale list of holders).
// Every row starts `queued`; the consumer decides about quiet hours and caps when it sends.

/** Which event a notification belongs to: the event's unique (case, previous revision), known before the batch. */
export interface EventKey {
  caseId: string;
  previousRevision: string;
}

interface Fragment {
  sql: string;
  params: unknown[];
}

const COLUMNS =
  "id, kind, channel, recipient_kind, recipient_ref, recipient, recipient_role, recipient_name, case_id, event_id, area_path, params, status, attempts, created_at, updated_at";

const EVENT = "(SELECT id FROM case_event WHERE case_id = ? AND previous_revision = ?) e";

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

const rolesAt = (level: CaseLevel) =>
  (Object.entries(ROLE_LEVEL) as [StaffRole, CaseLevel][]).filter(([, l]) => l === level).map(([r]) => r);

/** The paths of the areas a case's place lies in, the district first: `staff_area_path_idx` finds their members. */
const ancestors = (path: string) => pathIds(path).map((_, i, ids) => `/${ids.slice(0, i + 1).join("/")}/`);

/** The staff holding the case at `level` (alias `s`): its assignee there, or the level's roles on the case's path. */
function holders(after: CaseRow, level: CaseLevel): Fragment {
  if (level === after.level && after.assigneeId !== null) return { sql: "s.active = 1 AND s.id = ?", params: [after.assigneeId] };
  const roles = rolesAt(level);
  const place: Fragment =
    level === "department"
      ? { sql: "s.department_id = ?", params: [after.departmentId ?? ""] }
      : { sql: `s.area_path IN (${marks(ancestors(after.areaPath).length)})`, params: ancestors(after.areaPath) };
  return { sql: `s.active = 1 AND s.role IN (${marks(roles.length)}) AND ${place.sql}`, params: [...roles, ...place.params] };
}

/** Whoever asked for the extension now being decided: the newest request's actor. */
function extensionAsker(after: CaseRow): Fragment {
  return {
    sql: `s.active = 1 AND s.id = (SELECT CAST(substr(actor, 7) AS INTEGER) FROM case_event WHERE case_id = ? AND action = 'extend'
      AND actor LIKE 'staff:%' AND json_extract(data, '$.requested_due_at') IS NOT NULL ORDER BY id DESC LIMIT 1)`,
    params: [after.id],
  };
}

/** The case's area at a level (its grid, community, street or district); departments have none. */
function areaAt(after: CaseRow, level: CaseLevel): string | null {
  if (level === "department") return null;
  return pathIds(after.areaPath)[AREA_LEVELS.indexOf(level)] ?? null;
}

function statementFor(db: Database, notice: Notice, after: CaseRow, event: EventKey, now: Date): D1PreparedStatement | null {
  const params = JSON.stringify({ level: after.level });
  const time = now.getTime();
  const common = [notice.kind];
  const tail = [after.id, after.areaPath, params, time, time];
  const audience: Audience = notice.audience;
  const prepare = (sql: string, values: unknown[]) =>
    db.$client.prepare(`INSERT OR IGNORE INTO notification (${COLUMNS}) ${sql} RETURNING id`).bind(...values);
  const eventParams = [event.caseId, event.previousRevision];
  switch (audience.to) {
    case "holders":
    case "extension_asker": {
      const who = audience.to === "holders" ? holders(after, audience.level) : extensionAsker(after);
      return prepare(
        `SELECT 'ntf-' || e.id || '-s' || s.id, ?, 'sms', 'staff', CAST(s.id AS TEXT), s.phone, s.role, s.name, ?, e.id, ?, ?, 'queued', 0, ?, ?
         FROM staff s, ${EVENT} WHERE s.notify_sms = 1 AND ${who.sql}`,
        [...common, ...tail, ...eventParams, ...who.params],
      );
    }
    case "group": {
      const areaId = areaAt(after, audience.level);
      if (!areaId) return null;
      // Members who keep group notifications on are @-mentioned (the robot takes their numbers).
      const mentioned = holders(after, audience.level);
      return prepare(
        `SELECT 'ntf-' || e.id || '-g' || g.area_id, ?, 'wecom', 'group', g.area_id, NULL, NULL, a.name, ?, e.id, ?,
           json_set(?, '$.mention', coalesce((SELECT group_concat(s.phone, ',') FROM staff s WHERE s.notify_group = 1 AND ${mentioned.sql}), '')),
           'queued', 0, ?, ?
         FROM area_notify_group g JOIN area a ON a.id = g.area_id, ${EVENT} WHERE g.area_id = ?`,
        [...common, after.id, after.areaPath, params, ...mentioned.params, time, time, ...eventParams, areaId],
      );
    }
    case "resident":
      return prepare(
        `SELECT 'ntf-' || e.id || '-r', ?, 'sms', 'resident', NULL, NULL, NULL, NULL, ?, e.id, ?, ?, 'queued', 0, ?, ?
         FROM "case" c, ${EVENT} WHERE c.id = ? AND c.notify_resident = 1 AND c.reporter_phone IS NOT NULL`,
        [...common, ...tail, ...eventParams, after.id],
      );
  }
}

/** The outbox rows of an event's notices, as statements for the event's batch; each returns the ids it wrote. */
export function outboxStatements(db: Database, notices: Notice[], after: CaseRow, event: EventKey, now: Date): D1PreparedStatement[] {
  return notices.flatMap((notice) => statementFor(db, notice, after, event, now) ?? []);
}

/** The ids the outbox statements of a batch wrote, from their results (the batch's last `count` results). */
export function writtenIds(results: D1Result[], count: number): string[] {
  if (count === 0) return [];
  return results.slice(-count).flatMap((result) => (result.results as { id: string }[]).map((row) => row.id));
}
