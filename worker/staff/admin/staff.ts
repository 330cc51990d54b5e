import { asc, eq, or } from "drizzle-orm";
import { area } from "../../../schema/area.ts";
import { STAFF_ROLES, type StaffRole } from "../../../schema/constants.ts";
import { staff } from "../../../schema/staff.ts";
import { staffSession } from "../../../schema/staff-session.ts";
import { hashPassword } from "../../auth/password.ts";
import { forgetSessions } from "../../auth/session.ts";
import { clearAttempts } from "../../auth/sign-in-throttle.ts";
import type { Database, Extra } from "../../db.ts";
import { DomainError } from "../../domain-error.ts";
import { anyContains } from "../../lib/text-search.ts";

export function findStaff(db: Database, text: string) {
  return db
    .select()
    .from(staff)
    .where(text ? anyContains([staff.name, staff.phone, staff.areaId], text) : undefined)
    .orderBy(asc(staff.id))
    .limit(50);
}

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
