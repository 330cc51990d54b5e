import { and, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { type CaseRow, caseTable } from "../../schema/case.ts";
import { CATEGORY_WORDS, LEVEL_WORDS, STATUS_WORDS } from "../../schema/case-words.ts";
import { type CaseStatus, FINAL_STATUSES } from "../../schema/constants.ts";
import { department } from "../../schema/department.ts";
import { insideArea } from "../cases/scope.ts";
import type { Database } from "../db.ts";

/** Open311 knows open and closed; the detailed status travels alongside. */
function open311Status(status: CaseStatus): "open" | "closed" {
  return (FINAL_STATUSES as readonly string[]).includes(status) ? "closed" : "open";
}

export function statusesFor(open311: "open" | "closed"): CaseStatus[] {
  return open311 === "closed" ? [...FINAL_STATUSES] : ["submitted", "in_progress", "resolved"];
}

/**
 * A case as a GeoReport v2 request: no reporter data ever; the description only for callers with
 * a key that reads cases (residents' own words are not published to anonymous callers).
 */
export function toRequest(row: CaseRow, departmentName: string | null, withDescription: boolean) {
  const words = CATEGORY_WORDS[row.category];
  const status = open311Status(row.status);
  return {
    service_request_id: row.id,
    status,
    detailed_status: row.status,
    status_notes: row.resolution ?? `${STATUS_WORDS[row.status].zh} (${STATUS_WORDS[row.status].en})`,
    service_name: `${words.zh} (${words.en})`,
    service_code: row.category,
    description: withDescription ? row.description : null,
    agency_responsible: departmentName ?? `${LEVEL_WORDS[row.level].zh} (${LEVEL_WORDS[row.level].en})`,
    service_notice: null,
    requested_datetime: row.createdAt.toISOString(),
    updated_datetime: row.updatedAt.toISOString(),
    expected_datetime: status === "open" && row.status !== "resolved" ? row.dueAt.toISOString() : null,
    address: row.address,
    address_id: row.stationCode,
    zipcode: null,
    lat: row.lat,
    long: row.lng,
    media_url: null,
  };
}

export interface RequestQuery {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: CaseStatus[];
  start: Date;
  end: Date;
  /** The common GeoReport extension: requests changed in this window, whenever filed. */
  updatedAfter?: Date;
  updatedBefore?: Date;
  areaPath: string | null;
  limit: number;
}

/** Newest first inside the date window (the spec's default: the last 90 days, at most 1,000). */
export async function findRequests(db: Database, q: RequestQuery) {
  const conditions: (SQL | undefined)[] = [
    q.areaPath ? insideArea(q.areaPath) : undefined,
    q.ids
      ? // One bound parameter for up to 100 ids: D1 binds at most 100 per statement, and the other filters need theirs.
        sql`${caseTable.id} IN (SELECT value FROM json_each(${JSON.stringify(q.ids)}))`
      : q.updatedAfter || q.updatedBefore
        ? and(
            q.updatedAfter ? gte(caseTable.updatedAt, q.updatedAfter) : undefined,
            q.updatedBefore ? lt(caseTable.updatedAt, q.updatedBefore) : undefined,
          )
        : and(gte(caseTable.createdAt, q.start), lt(caseTable.createdAt, q.end)),
    q.serviceCodes ? inArray(caseTable.category, q.serviceCodes as CaseRow["category"][]) : undefined,
    q.statuses ? inArray(caseTable.status, q.statuses) : undefined,
  ];
  return db
    .select({ case: caseTable, departmentName: department.name })
    .from(caseTable)
    .leftJoin(department, eq(department.id, caseTable.departmentId))
    .where(and(...conditions))
    .orderBy(desc(caseTable.createdAt), desc(caseTable.id))
    .limit(q.limit);
}
