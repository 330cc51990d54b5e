import { and, eq, gt, isNull } from "drizzle-orm";
import { staff } from "../../schema/staff.ts";
import { staffSession } from "../../schema/staff-session.ts";
import type { Database } from "../db.ts";
import { randomBytes, sha256Hex, toBase64Url } from "../lib/encoding.ts";
import { IsolateCache } from "../lib/isolate-cache.ts";
import type { StaffActor } from "../workflow/actor.ts";
import { staffActorOf } from "../workflow/actor.ts";
import { secondFactorRequired } from "./role-policy.ts";

export const SESSION_COOKIE = "gs_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * Starts a session: the token goes in the cookie, only its hash into D1. `secondFactor` says the
 * member also gave a code from their authenticator (or a recovery code) this time.
 */
export async function startSession(db: Database, staffId: number, now = new Date(), secondFactor = false) {
  const token = toBase64Url(randomBytes(32));
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insert(staffSession)
    .values({ tokenHash: await sha256Hex(token), staffId, expiresAt, createdAt: now, secondFactorAt: secondFactor ? now : null });
  return { token, expiresAt };
}

export interface LiveSession {
  actor: StaffActor;
  /** The role needs the second factor and this session has not given it: only enrolment is open. */
  secondFactorPending: boolean;
}

/**
 * Live sessions for five seconds: a member clicking through pages costs one D1 read in five
 * seconds rather than one per page. Sign-out, role and area changes, deactivation and second
 * factor changes clear it in the isolate that makes them (`forgetSessions`); in other isolates
 * they take effect within the five seconds. Expiry is checked on every hit. Kept by the token as
 * presented, so a hit needs no SHA-256 (WebCrypto's digest, on Node a trip to the thread pool).
 */
const liveSessions = new IsolateCache<LiveSession & { expiresAt: Date }>(5_000, 2000);

export function forgetSessions() {
  liveSessions.clear();
}

/** The member of staff behind a session token, if the session is live and the account active. */
export async function sessionFor(db: Database, token: string, now = new Date()): Promise<LiveSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const cached = liveSessions.get(token, now.getTime());
  if (cached && cached.expiresAt > now) return { actor: cached.actor, secondFactorPending: cached.secondFactorPending };
  const tokenHash = await sha256Hex(token);
  const [row] = await db
    .select({ staff, secondFactorAt: staffSession.secondFactorAt, expiresAt: staffSession.expiresAt })
    .from(staffSession)
    .innerJoin(staff, eq(staff.id, staffSession.staffId))
    .where(
      and(eq(staffSession.tokenHash, tokenHash), isNull(staffSession.revokedAt), gt(staffSession.expiresAt, now), eq(staff.active, true)),
    )
    .limit(1);
  if (!row) return null;
  const s = row.staff;
  const session: LiveSession = {
    actor: staffActorOf(s),
    secondFactorPending: secondFactorRequired(s.role) && row.secondFactorAt === null,
  };
  liveSessions.set(token, { ...session, expiresAt: row.expiresAt }, now.getTime());
  return session;
}

/** The member behind a session that may act: live, and past the second factor where one is required. */
export async function staffForSession(db: Database, token: string, now = new Date()): Promise<StaffActor | null> {
  const session = await sessionFor(db, token, now);
  return session && !session.secondFactorPending ? session.actor : null;
}

export async function revokeSession(db: Database, token: string, now = new Date()) {
  await db
    .update(staffSession)
    .set({ revokedAt: now })
    .where(eq(staffSession.tokenHash, await sha256Hex(token)));
  forgetSessions();
}
