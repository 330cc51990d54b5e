// One ready sign-in per staff role on the demo district, for `npm start` and `npm run selfhost`:
// a newcomer signs in as a grid worker, a dispatcher or an admin without reading the seed.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { STAFF_ROLES, type StaffRole } from "../../schema/constants.ts";
import { STAFF_ROLE_WORDS } from "../../schema/directory-words.ts";
import { type NewStaff, staff } from "../../schema/staff.ts";
import { DEMO_PASSWORD } from "../../worker/auth/demo-password.ts";
import { hashPassword, verifyPassword } from "../../worker/auth/password.ts";
import type { Database } from "../../worker/db.ts";
import { type Directory, generateDirectory } from "./generate.ts";

export interface DemoSignIn {
  role: StaffRole;
  name: string;
  phone: string;
  /** The area or department the account works in, by name. */
  place: string;
}

/** Where each role's demo account works: around the article's station JH0501V where there is one. */
const PLACES: Record<StaffRole, { area?: string; department?: string }> = {
  grid_assistant: { area: "jh0501-01" },
  grid_worker: { area: "jh0501" },
  part_time_grid_worker: { area: "jh0501" },
  grid_chief: { area: "jh0501" },
  community_staff: { area: "jh05" },
  street_officer: { area: "jh" },
  district_dispatcher: { area: "xhl" },
  department_officer: { department: "market_supervision" },
  admin: { area: "xhl" },
};

/** Roles the generated district has nobody in get an account of their own (numbers it never draws). */
const ADDED: Partial<Record<StaffRole, { name: string; phone: string }>> = {
  part_time_grid_worker: { name: "演示兼职网格员", phone: "17000000002" },
  admin: { name: "演示管理员", phone: "17000000001" },
};

/** The demo accounts, one per role, and whether the generated directory already holds each. */
function demoAccounts(directory: Directory): { row: NewStaff; added: boolean }[] {
  return STAFF_ROLES.map((role) => {
    const { area, department } = PLACES[role];
    const found = directory.staff.find((s) => s.role === role && (area ? s.areaId === area : s.departmentId === department));
    if (found) return { row: found, added: false };
    const extra = ADDED[role];
    const scope = directory.areas.find((a) => a.id === area);
    if (!extra || !scope) throw new Error(`the demo district has no ${role} at ${area ?? department}`);
    return { row: { role, ...extra, areaId: scope.id, areaPath: scope.path }, added: true };
  });
}

function placeName(directory: Directory, row: NewStaff): string {
  if (row.departmentId) return directory.departments.find((d) => d.id === row.departmentId)?.name ?? row.departmentId;
  const area = directory.areas.find((a) => a.id === row.areaId);
  const parent = directory.areas.find((a) => a.id === area?.parentId);
  return area?.level === "micro_grid" && parent ? `${parent.name} ${area.name}` : (area?.name ?? "");
}

/**
 * Gives the demo accounts the demo password, on a local database that holds the demo district
 * only: every account the seed made must be there as made, and only accounts without a password
 * get one (a password set since is kept). Returns the accounts that sign in with it now.
 */
export async function ensureDemoSignIns(db: Database, target: { remote: boolean }): Promise<DemoSignIn[]> {
  if (target.remote) throw new Error("demo passwords are for a local database only");
  const directory = generateDirectory("demo");
  const accounts = demoAccounts(directory);
  const seeded = accounts.filter((a) => !a.added).map((a) => a.row);
  const phones = accounts.map((a) => a.row.phone);
  const present = await db.select().from(staff).where(inArray(staff.phone, phones));
  const isDemo = seeded.every((s) => present.some((p) => p.phone === s.phone && p.name === s.name && p.role === s.role));
  if (!isDemo) return [];

  const hash = await hashPassword(DEMO_PASSWORD);
  const [first, ...rest] = [
    ...seeded.map((s) =>
      db
        .update(staff)
        .set({ passwordHash: hash })
        .where(and(eq(staff.phone, s.phone), isNull(staff.passwordHash))),
    ),
    ...accounts
      .filter((a) => a.added)
      .map((a) =>
        db
          .insert(staff)
          .values({ ...a.row, passwordHash: hash })
          .onConflictDoNothing({ target: staff.phone }),
      ),
  ];
  if (first) await db.batch([first, ...rest]);

  const rows = await db.select().from(staff).where(inArray(staff.phone, phones));
  const ready: DemoSignIn[] = [];
  for (const { row } of accounts) {
    const stored = rows.find((r) => r.phone === row.phone);
    if (stored?.active && stored.passwordHash && (await verifyPassword(DEMO_PASSWORD, stored.passwordHash)))
      ready.push({ role: stored.role, name: stored.name, phone: stored.phone, place: placeName(directory, row) });
  }
  return ready;
}

/** What `npm start` prints once the server answers: every line a sign-in that works. */
export function formatDemoSignIns(signIns: DemoSignIn[], origin: string): string {
  if (signIns.length === 0) return "No demo sign-ins: this database is not the demo district as seeded.";
  const width = Math.max(...signIns.map((s) => s.role.length));
  return [
    "",
    `Demo sign-ins (this machine only) at ${origin}/staff/login, password for all: ${DEMO_PASSWORD}`,
    ...signIns.map((s) => `  ${s.phone}  ${s.role.padEnd(width)}  ${STAFF_ROLE_WORDS[s.role].zh} · ${s.name} · ${s.place}`),
    "District dispatchers and administrators set up two-step verification (an authenticator app) at their first sign-in.",
    "",
  ].join("\n");
}
