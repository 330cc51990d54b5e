import { and, eq } from "drizzle-orm";
import type { StaffRole } from "../../schema/constants.ts";
import { staff } from "../../schema/staff.ts";
import { secondFactorRequired } from "../../worker/auth/role-policy.ts";
import { SESSION_COOKIE, startSession } from "../../worker/auth/session.ts";
import { db } from "./worker.ts";

/**
 * Signs in a seeded member of staff with this role on this area (or department) and returns the
 * cookie header a browser would send. Admins are made on demand.
 */
export async function signIn(role: StaffRole, where: { area?: string; department?: string } = {}) {
  const database = db();
  let row = await database.query.staff.findFirst({
    where: and(
      eq(staff.role, role),
      where.area ? eq(staff.areaId, where.area) : undefined,
      where.department ? eq(staff.departmentId, where.department) : undefined,
    ),
  });
  if (!row && role === "admin") {
    [row] = await database
      .insert(staff)
      .values({
        name: "管理员",
        phone: `1990000${String(Math.floor(Math.random() * 1e4)).padStart(4, "0")}`,
        role,
        areaId: "xhl",
        areaPath: "/xhl/",
      })
      .returning();
  }
  if (!row) throw new Error(`no seeded ${role} at ${JSON.stringify(where)}`);
  // Sessions of roles that need the second factor are made as if the code had been given
  // (staff.auth.test.ts goes through the real two steps).
  const { token } = await startSession(database, row.id, new Date(), secondFactorRequired(role));
  return { headers: { cookie: `${SESSION_COOKIE}=${token}` }, staff: row };
}

/** The cast of the workflow tests: one signed-in person per level around grid jh0501, as cookie headers. */
export async function signInCast() {
  const cast = {
    grid: await signIn("grid_worker", { area: "jh0501" }),
    otherGrid: await signIn("grid_worker", { area: "jh0502" }),
    community: await signIn("community_staff", { area: "jh05" }),
    otherCommunity: await signIn("community_staff", { area: "jh01" }),
    street: await signIn("street_officer", { area: "jh" }),
    district: await signIn("district_dispatcher", { area: "xhl" }),
    market: await signIn("department_officer", { department: "market_supervision" }),
    police: await signIn("department_officer", { department: "public_security" }),
    assistant: await signIn("grid_assistant", { area: "jh0501-01" }),
  };
  return Object.fromEntries(Object.entries(cast).map(([who, s]) => [who, s.headers])) as unknown as Record<
    keyof typeof cast,
    Record<string, string>
  >;
}
