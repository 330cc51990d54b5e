import { asc, count, eq, or, sql } from "drizzle-orm";
import { area } from "../../../schema/area.ts";
import { STAFF_ROLES, type StaffRole } from "../../../schema/constants.ts";
import { department } from "../../../schema/department.ts";
import { staff } from "../../../schema/staff.ts";
import { staffSession } from "../../../schema/staff-session.ts";
import { hashPassword } from "../../auth/password.ts";
import { forgetSessions } from "../../auth/session.ts";
import { clearAttempts } from "../../auth/sign-in-throttle.ts";
import type { Database, Extra } from "../../db.ts";
import { DomainError } from "../../domain-error.ts";
import { anyContains } from "../../lib/text-search.ts";

export const STAFF_PAGE_SIZE = 25;

/**
 * One page of the staff list, found by name, phone number or area id, with the total found and
 * the names of their areas and departments. A district has some ten thousand staff: counted and
 * paged by offset, which an administrator's page or two deep costs little.
 */
export async function findStaff(db: Database, text: string, page = 1) {
  const where = text ? anyContains([staff.name, staff.phone, staff.areaId], text) : undefined;
  const [people, totals] = await db.batch([
    db
      .select({
        id: staff.id,
        name: staff.name,
        phone: staff.phone,
        role: staff.role,
        active: staff.active,
        // Aliased: D1 returns a batch's rows keyed by column name, and all three tables have `name`.
        areaName: sql<string | null>`${area.name}`.as("area_name"),
        departmentName: sql<string | null>`${department.name}`.as("department_name"),
      })
      .from(staff)
      .leftJoin(area, eq(area.id, staff.areaId))
      .leftJoin(department, eq(department.id, staff.departmentId))
      .where(where)
      .orderBy(asc(staff.id))
      .limit(STAFF_PAGE_SIZE)
      .offset((page - 1) * STAFF_PAGE_SIZE),
    db.select({ n: count() }).from(staff).where(where),
  ]);
  return { people, total: totals[0]?.n ?? 0, page, pageSize: STAFF_PAGE_SIZE };
}

export type StaffPage = Awaited<ReturnType<typeof findStaff>>;

export interface StaffChanges {
  role?: StaffRole;
  area?: string;
  departmentId?: string | null;
  active?: boolean;
  password?: string;
}

/**
 * Changes a member of staff. A new role, area or password, or deactivation, also ends their
 * sessions, in the same batch: nobody keeps rights they no longer have.
 */
export async function updateStaff(db: Database, id: number, changes: StaffChanges, extras: Extra[] = []) {
  const member = await db.query.staff.findFirst({ where: eq(staff.id, id) });
  if (!member) throw new DomainError("not_found", `There is no staff member ${id}.`);
  if (changes.role && !STAFF_ROLES.includes(changes.role)) throw new DomainError("validation_failed", `Unknown role ${changes.role}.`);
  const set: Partial<typeof staff.$inferInsert> = {};
  if (changes.role) set.role = changes.role;
  if (changes.area !== undefined) {
    const scope = await db.query.area.findFirst({ where: or(eq(area.id, changes.area), eq(area.path, changes.area)) });
    if (!scope)
      throw new DomainError("validation_failed", `There is no area ${changes.area}.`, {
        details: [{ path: "area", message: "unknown area" }],
      });
    set.areaId = scope.id;
    set.areaPath = scope.path;
  }
  if (changes.departmentId !== undefined) set.departmentId = changes.departmentId;
  if (changes.active !== undefined) set.active = changes.active;
  if (changes.password) {
    if (changes.password.length < 10)
      throw new DomainError("validation_failed", "Passwords have at least 10 characters.", {
        details: [{ path: "password", message: "at least 10 characters" }],
      });
    set.passwordHash = await hashPassword(changes.password);
  }
  const endSessions = changes.role || changes.area !== undefined || changes.active === false || changes.password;
  await db.batch([
    db.update(staff).set(set).where(eq(staff.id, id)),
    ...(endSessions ? [db.update(staffSession).set({ revokedAt: new Date() }).where(eq(staffSession.staffId, id))] : []),
    // A new password is an operator's unlock too.
    ...(changes.password ? [clearAttempts(db, id)] : []),
    ...extras,
  ]);
  forgetSessions();
  return db.query.staff.findFirst({ where: eq(staff.id, id) });
}
