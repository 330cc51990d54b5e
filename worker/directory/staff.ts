import { eq, or } from "drizzle-orm";
import type { StaffCreate } from "../../schema/api/staff.ts";
import { area } from "../../schema/area.ts";
import { department } from "../../schema/department.ts";
import { staff } from "../../schema/staff.ts";
import { hashPassword } from "../auth/password.ts";
import { type Database, type Extra, writeWith } from "../db.ts";
import { DomainError } from "../domain-error.ts";

/** Adds a staff member with a hashed password; the area or department must exist. */
export async function createStaff(db: Database, input: StaffCreate, extras: Extra[] = []) {
  const [areas, departments, existing] = await db.batch([
    db
      .select()
      .from(area)
      .where(or(eq(area.id, input.area ?? ""), eq(area.path, input.area ?? ""))),
    db
      .select()
      .from(department)
      .where(eq(department.id, input.department_id ?? "")),
    db.select({ id: staff.id }).from(staff).where(eq(staff.phone, input.phone)),
  ]);
  if (existing.length > 0) throw new DomainError("conflict", `A staff member with the phone ${input.phone} already exists.`);
  const scope = areas[0];
  if (input.area && !scope) {
    throw new DomainError("validation_failed", `There is no area ${input.area}.`, {
      details: [{ path: "area", message: "unknown area" }],
    });
  }
  if (input.department_id && departments.length === 0) {
    throw new DomainError("validation_failed", `There is no department ${input.department_id}.`, {
      details: [{ path: "department_id", message: "unknown department" }],
    });
  }
  const [row] = await writeWith(
    db,
    db
      .insert(staff)
      .values({
        name: input.name,
        phone: input.phone,
        role: input.role,
        areaId: scope?.id ?? null,
        areaPath: scope?.path ?? null,
        departmentId: input.department_id ?? null,
        passwordHash: await hashPassword(input.password),
      })
      .returning(),
    extras,
  );
  return row!;
}
