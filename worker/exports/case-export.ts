import { inArray } from "drizzle-orm";
import { maskName, maskPhone } from "../../schema/api/case.ts";
import { area } from "../../schema/area.ts";
import type { CaseRow } from "../../schema/case.ts";
import type { CaseLevel, CaseStatus, Category, FeedbackGrade } from "../../schema/constants.ts";
import type { Principal } from "../auth/principal.ts";
import { listCases } from "../cases/queries.ts";
import type { Database } from "../db.ts";
import { shanghaiMinute } from "../lib/time.ts";
import { auditEntry } from "../staff/admin/audit.ts";
import { type CaseListFilters, listQueryOf } from "../staff/case-list.ts";
import type { StaffActor } from "../workflow/actor.ts";
import { isHolder } from "../workflow/relation.ts";
import type { Cell, Sheet } from "./table.ts";

/** Rows read per query while exporting: a page of the list, then the next, never the whole list. */
export const EXPORT_PAGE = 100;

/** At most this many area ids per name lookup (D1 binds at most 100 parameters). */
const NAME_LOOKUP = 90;

export const CASE_COLUMNS = [
  "trackingCode",
  "createdAt",
  "category",
  "status",
  "level",
  "community",
  "grid",
  "station",
  "address",
  "description",
  "reporter",
  "phone",
  "due",
  "overdue",
  "resolvedAt",
  "satisfaction",
  "reopened",
] as const;

/** The words an export is written in: its column titles and the names of the vocabularies. */
export interface CaseExportWords {
  columns: Record<(typeof CASE_COLUMNS)[number], string>;
  sheet: string;
  category: (value: Category) => string;
  status: (value: CaseStatus) => string;
  level: (value: CaseLevel) => string;
  grade: (value: FeedbackGrade) => string;
  yes: string;
  no: string;
}

/** A case as a row: the reporter's name and number masked unless the member holds the case. */
function caseCells(row: CaseRow, actor: StaffActor, names: Map<string, string>, words: CaseExportWords): Cell[] {
  const reveal = isHolder(actor, row);
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : null);
  return [
    row.trackingCode,
    shanghaiMinute(row.createdAt),
    words.category(row.category),
    words.status(row.status),
    words.level(row.level),
    name(row.communityId),
    name(row.gridId),
    row.stationCode,
    row.address,
    row.description,
    row.reporterName && (reveal ? row.reporterName : maskName(row.reporterName)),
    row.reporterPhone && (reveal ? row.reporterPhone : maskPhone(row.reporterPhone)),
    row.dueAt ? shanghaiMinute(row.dueAt) : null,
    row.overdue ? words.yes : words.no,
    row.resolvedAt ? shanghaiMinute(row.resolvedAt) : null,
    row.satisfaction ? words.grade(row.satisfaction) : null,
    row.reopenCount,
  ];
}

/** Adds the names of the page's communities and grids not yet known, in one round trip. */
async function learnNames(db: Database, names: Map<string, string>, rows: CaseRow[]) {
  const unknown = [...new Set(rows.flatMap((row) => [row.communityId, row.gridId]))].filter(
    (id): id is string => id !== null && !names.has(id),
  );
  if (unknown.length === 0) return;
  const lookups = [];
  for (let i = 0; i < unknown.length; i += NAME_LOOKUP) {
    lookups.push(
      db
        .select({ id: area.id, name: area.name })
        .from(area)
        .where(inArray(area.id, unknown.slice(i, i + NAME_LOOKUP))),
    );
  }
  const [first, ...rest] = lookups;
  for (const found of await db.batch([first!, ...rest])) for (const { id, name } of found) names.set(id, name);
}

export interface CaseExportRequest {
  db: Database;
  principal: Principal;
  actor: StaffActor;
  filters: CaseListFilters;
  format: string;
  words: CaseExportWords;
}

/**
 * The filtered case list as a sheet whose rows are read page by page as the file is written.
 * The first page is read here, so a filter outside the member's scope is refused before anything
 * is sent. When the last row is written (or the download is given up) the export goes into the
 * audit log with its filters and how many rows it held.
 */
export async function caseExport(request: CaseExportRequest): Promise<Sheet> {
  const { db, principal, actor, filters, words } = request;
  const query = { ...listQueryOf(filters), limit: EXPORT_PAGE };
  const first = await listCases(db, principal, query);
  async function* chunks(): AsyncGenerator<Cell[][]> {
    const names = new Map<string, string>();
    let page = first;
    let rows = 0;
    let complete = false;
    try {
      for (;;) {
        await learnNames(db, names, page.items);
        rows += page.items.length;
        yield page.items.map((row) => caseCells(row, actor, names, words));
        if (!page.next_cursor) break;
        page = await listCases(db, principal, { ...query, cursor: page.next_cursor });
      }
      complete = true;
    } finally {
      await auditEntry(db, actor, "export.cases", filters.area ?? actor.areaPath ?? "district", {
        format: request.format,
        filters,
        rows,
        complete,
      });
    }
  }
  return { name: words.sheet, header: CASE_COLUMNS.map((column) => words.columns[column]), chunks: chunks() };
}
