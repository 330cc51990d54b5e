import { and, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { type CaseRow, caseTable } from "../../schema/case.ts";
import { CATEGORY_WORDS, LEVEL_WORDS, STATUS_WORDS } from "../../schema/case-words.ts";
import { type CaseStatus, FINAL_STATUSES } from "../../schema/constants.ts";
import { department } from "../../schema/department.ts";
import { station } from "../../schema/station.ts";
import { insideArea } from "../cases/scope.ts";
import type { Database } from "../db.ts";

/** Open311 knows open and closed; the detailed status travels alongside. */
function open311Status(status: CaseStatus): "open" | "closed" {
  return (FINAL_STATUSES as readonly string[]).includes(status) ? "closed" : "open";
}

/**
 * CitySDK's `detailed_status` (its Open311 extension): RECEIVED and IN_PROCESS are open,
 * PROCESSED, ARCHIVED and REJECTED closed, so it always agrees with `status`. An answered case
 * waits for the resident's verdict and may reopen: still in process. A merged one is handled as
 * the case it joined: archived, not refused.
 */
export const CITYSDK_STATUS = {
  submitted: "RECEIVED",
  in_progress: "IN_PROCESS",
  resolved: "IN_PROCESS",
  closed: "PROCESSED",
  merged: "ARCHIVED",
  rejected: "REJECTED",
} as const satisfies Record<CaseStatus, string>;

export function statusesFor(open311: "open" | "closed"): CaseStatus[] {
  return open311 === "closed" ? [...FINAL_STATUSES] : ["submitted", "in_progress", "resolved"];
}

/** Where a request is, publicly: its own coordinates, else its station's, and the station's address. */
export interface RequestPlace {
  departmentName: string | null;
  station: { address: string; lat: number | null; lng: number | null } | null;
}

/**
 * A case as a GeoReport v2 request: no reporter data ever; the resident's own words (the
 * description, a free-text address, a linked photo) only for callers with a key that reads cases.
 * Anyone gets the place: the case's coordinates or its station's, and the station's public address.
 */
export function toRequest(row: CaseRow, place: RequestPlace, reads: boolean) {
  const words = CATEGORY_WORDS[row.category];
  const status = open311Status(row.status);
  const hasOwnPoint = row.lat !== null && row.lng !== null;
  return {
    service_request_id: row.id,
    status,
    detailed_status: CITYSDK_STATUS[row.status],
    gridstation_status: row.status,
    status_notes: row.resolution ?? `${STATUS_WORDS[row.status].zh} (${STATUS_WORDS[row.status].en})`,
    service_name: `${words.zh} (${words.en})`,
    service_code: row.category,
    description: reads ? row.description : null,
    agency_responsible: place.departmentName ?? `${LEVEL_WORDS[row.level].zh} (${LEVEL_WORDS[row.level].en})`,
    service_notice: null,
    requested_datetime: row.createdAt.toISOString(),
    updated_datetime: row.updatedAt.toISOString(),
    expected_datetime: status === "open" && row.status !== "resolved" ? row.dueAt.toISOString() : null,
    address: (reads ? row.address : null) ?? place.station?.address ?? null,
    address_id: row.stationCode,
    zipcode: null,
    lat: hasOwnPoint ? row.lat : (place.station?.lat ?? null),
    long: hasOwnPoint ? row.lng : (place.station?.lng ?? null),
    media_url: reads ? row.mediaUrl : null,
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
  const rows = await db
    .select({
      case: caseTable,
      departmentName: department.name,
      stationAddress: station.address,
      stationLat: station.lat,
      stationLng: station.lng,
    })
    .from(caseTable)
    .leftJoin(department, eq(department.id, caseTable.departmentId))
    .leftJoin(station, eq(station.code, caseTable.stationCode))
    .where(and(...conditions))
    .orderBy(desc(caseTable.createdAt), desc(caseTable.id))
    .limit(q.limit);
  return rows.map((r) => ({
    case: r.case,
    place: {
      departmentName: r.departmentName,
      station: r.stationAddress === null ? null : { address: r.stationAddress, lat: r.stationLat, lng: r.stationLng },
    },
  }));
}
