import { and, eq, inArray } from "drizzle-orm";
import type { CaseRow } from "../../schema/case.ts";
import type { StaffRole } from "../../schema/constants.ts";
import { staff } from "../../schema/staff.ts";
import type { Database } from "../db.ts";
import { pathIds } from "../lib/area-path.ts";
import { ROLE_LEVEL } from "../workflow/levels.ts";

/** Who a case can be assigned to: active staff of its level on an area on its path (or its department). */
export function assigneeCandidates(db: Database, row: CaseRow) {
  const roles = (Object.entries(ROLE_LEVEL) as [StaffRole, string][]).filter(([, level]) => level === row.level).map(([role]) => role);
  const where = row.level === "department" ? eq(staff.departmentId, row.departmentId ?? "") : inArray(staff.areaId, pathIds(row.areaPath));
  return db
    .select({ id: staff.id, name: staff.name, role: staff.role })
    .from(staff)
    .where(and(eq(staff.active, true), inArray(staff.role, roles), where))
    .orderBy(staff.name)
    .limit(50);
}
