import { type Context, Hono } from "hono";
import { words } from "../../../portal/messages.ts";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { refusalText } from "../../../portal/staff/refusal.ts";
import { AREA_PATH_PATTERN } from "../../../schema/constants.ts";
import { DomainError } from "../../domain-error.ts";
import type { AppEnv } from "../../env.ts";
import { caseExport } from "../../exports/case-export.ts";
import { CSV } from "../../exports/csv.ts";
import { statsForStaff, statsRowCount, statsSheets } from "../../exports/stats-export.ts";
import type { ExportFormat, Sheet } from "../../exports/table.ts";
import { XLSX } from "../../exports/xlsx.ts";
import { shanghaiMinute } from "../../lib/time.ts";
import { auditEntry } from "../admin/audit.ts";
import { readCaseListFilters } from "../case-list.ts";
import { requireCsrf, requireSession, staffRefusal } from "./session.tsx";

/** `cases-20261205-1430.csv`: what the file is and when it was taken (Shanghai time). */
function fileName(what: string, format: ExportFormat, now: Date) {
  const stamp = shanghaiMinute(now).replace(/[-:]/g, "").replace(" ", "-");
  return `${what}-${stamp}.${format.extension}`;
}

function download(format: ExportFormat, name: string, sheets: Sheet[]) {
  return new Response(format.write(sheets), {
    headers: {
      "content-type": format.contentType,
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

/** A refusal of the domain as the workspace shows it; anything else goes on up. */
function refused(c: Context<AppEnv>, error: unknown) {
  if (error instanceof DomainError && (error.code === "forbidden" || error.code === "validation_failed" || error.code === "not_found"))
    return staffRefusal(c, refusalText(error, c.get("lang")), error.code === "not_found" ? 404 : 403);
  throw error;
}

/**
 * `/staff/exports/cases.{csv,xlsx}` (the list's filters) and `/staff/exports/stats.{csv,xlsx}?area=PATH`:
 * the member's scope only, the reporter's contact masked unless they hold the case, each export
 * in the audit log.
 */
export function exportPages() {
  const app = new Hono<AppEnv>();
  app.use("/staff/exports/*", requireSession, requireCsrf);

  for (const format of [CSV, XLSX]) {
    app.get(`/staff/exports/cases.${format.extension}`, async (c) => {
      const lang = c.get("lang");
      const t = STAFF_MESSAGES[lang];
      const { filters, problems } = readCaseListFilters(c.req.query());
      if (problems.length > 0) return staffRefusal(c, `${t.caseList.invalid} ${problems.join(", ")}`);
      try {
        const sheet = await caseExport({
          db: c.get("db"),
          principal: c.get("principal"),
          actor: c.get("staff"),
          filters,
          format: format.extension,
          words: {
            columns: t.exports.columns,
            sheet: t.exports.cases,
            category: (v) => words.category(v, lang),
            status: (v) => words.status(v, lang),
            level: (v) => words.level(v, lang),
            grade: (v) => words.grade(v, lang),
            yes: t.exports.yes,
            no: t.exports.no,
          },
        });
        return download(format, fileName("cases", format, new Date()), [sheet]);
      } catch (error) {
        return refused(c, error);
      }
    });

    app.get(`/staff/exports/stats.${format.extension}`, async (c) => {
      const lang = c.get("lang");
      const t = STAFF_MESSAGES[lang];
      const asked = c.req.query("area");
      if (asked && !AREA_PATH_PATTERN.test(asked)) return staffRefusal(c, `${t.caseList.invalid} ${t.caseList.area}`);
      const actor = c.get("staff");
      const db = c.get("db");
      const now = new Date();
      try {
        const stats = await statsForStaff(db, c.get("principal"), actor, asked ?? null, now);
        const sheets = statsSheets(stats, {
          ...t.exports,
          category: (v) => words.category(v, lang),
          status: (v) => words.status(v, lang),
          level: (v) => words.level(v, lang),
        });
        // The figures are read already: the entry is written before the file, in its own statement.
        await auditEntry(db, actor, "export.stats", stats.area.path, {
          format: format.extension,
          area: stats.area.path,
          rows: statsRowCount(stats),
        });
        return download(format, fileName("stats", format, now), sheets);
      } catch (error) {
        return refused(c, error);
      }
    });
  }
  return app;
}
