import { and, eq, gt, isNull } from "drizzle-orm";
import { staff } from "../../schema/staff.ts";
import { staffSession } from "../../schema/staff-session.ts";
import type { Database } from "../db.ts";
import { randomBytes, sha256Hex, toBase64Url } from "../lib/encoding.ts";
import type { StaffActor } from "../workflow/actor.ts";

export const SESSION_COOKIE = "gs_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Starts a session: the token goes in the cookie, only its hash into D1. */
export async function startSession(db: Database, staffId: number, now = new Date()) {
  const token = toBase64Url(randomBytes(32));
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insert(staffSession).values({ tokenHash: await sha256Hex(token), staffId, expiresAt, createdAt: now });
  return { token, expiresAt };
}

/** The member of staff behind a session token, if the session is live and the account active. */
export async function staffForSession(db: Database, token: string, now = new Date()): Promise<StaffActor | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await db
    .select({ staff })
    .from(staffSession)
    .innerJoin(staff, eq(staff.id, staffSession.staffId))
    .where(
      and(
        eq(staffSession.tokenHash, await sha256Hex(token)),
        isNull(staffSession.revokedAt),
        gt(staffSession.expiresAt, now),
        eq(staff.active, true),
      ),
    )
    .limit(1);
  if (!row) return null;
  const s = row.staff;
  return { kind: "staff", id: s.id, name: s.name, role: s.role, areaPath: s.areaPath, departmentId: s.departmentId };
}

export async function revokeSession(db: Database, token: string, now = new Date()) {
  await db.update(staffSession).set({ revokedAt: now }).where(eq(staffSession.tokenHash, await sha256Hex(token)));
}
