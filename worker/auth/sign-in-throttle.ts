import { and, eq, sql } from "drizzle-orm";
import { signInThrottle } from "../../schema/sign-in-throttle.ts";
import type { Database } from "../db.ts";
import type { TrustedDevice } from "./trusted-device.ts";

/**
 * How failed sign-ins lock, chosen so that a stranger who knows a member's number (it may be
 * printed on a poster) cannot shut the member out:
 * - Attempts count per account *and client*: the client is the browser when it carries this
 *   member's trusted-device cookie (it signed in to this account before), else the address.
 *   Five failures from one client lock that client out of the account for fifteen minutes.
 * - Attempts from untrusted clients also count for the account as a whole. Twenty wrong
 *   passwords lock the password step to untrusted clients, but a member with a second factor
 *   still passes: the right password leads on to the code, which the stranger does not have.
 *   Five wrong codes (only someone with the password gets that far) lock the code step to
 *   untrusted clients. Trusted browsers are never held by the account-wide counts.
 * This is OWASP's device-cookie scheme ("Slow Down Online Guessing Attacks with Device Cookies").
 *
 * An attempt is counted before its password or code is checked, by one upsert whose result says
 * whether it is within the limit: twenty attempts sent at once get five checks, not twenty (the
 * count used to be read, then written back as value + 1, and concurrent failures were lost).
 */
const CLIENT_ATTEMPT_LIMIT = 5;
const ACCOUNT_PASSWORD_ATTEMPT_LIMIT = 20;
const ACCOUNT_CODE_ATTEMPT_LIMIT = 5;
const LOCK_MS = 15 * 60 * 1000;
/** Attempts older than this are forgotten: the limits count attempts within fifteen minutes. */
const WINDOW_MS = 15 * 60 * 1000;

export type SignInStep = "password" | "code";

/** Where a sign-in attempt comes from. */
export interface SignInClient {
  address: string;
  /** The trusted-device cookie the browser sent, already verified; it may belong to another member. */
  device: TrustedDevice | null;
}

const isTrusted = (staffId: number, client: SignInClient) => client.device?.staffId === staffId;
/** Each step counts on its own: a right password does not reset the count of wrong codes. */
const clientKey = (staffId: number, client: SignInClient, step: SignInStep) =>
  isTrusted(staffId, client) ? `${step}|device:${client.device!.id}` : `${step}|address:${client.address}`;
const accountKey = (step: SignInStep) => `${step}|account`;

function countAttempt(db: Database, staffId: number, client: string, limit: number, now: Date) {
  const t = now.getTime();
  const { attempts, lockedUntil, lastAttemptAt } = signInThrottle;
  // The count goes on unless it is stale: nothing within the window and no lock running.
  const fresh = sql`(${lastAttemptAt} > ${t - WINDOW_MS} OR ${lockedUntil} > ${t})`;
  const next = sql`CASE WHEN ${fresh} THEN ${attempts} + 1 ELSE 1 END`;
  return db
    .insert(signInThrottle)
    .values({ staffId, client, attempts: 1, lockedUntil: null, lastAttemptAt: now })
    .onConflictDoUpdate({
      target: [signInThrottle.staffId, signInThrottle.client],
      set: { attempts: next, lockedUntil: sql`CASE WHEN ${next} > ${limit} THEN ${t + LOCK_MS} ELSE NULL END`, lastAttemptAt: now },
    })
    .returning({ attempts });
}

/**
 * Counts an attempt at this step and says whether it may be checked. Within the limits it may;
 * past one the client (or every untrusted client) is locked for fifteen minutes from its last
 * attempt.
 */
export async function beginAttempt(
  db: Database,
  staffId: number,
  client: SignInClient,
  step: SignInStep,
  hasSecondFactor: boolean,
  now: Date,
) {
  const own = countAttempt(db, staffId, clientKey(staffId, client, step), CLIENT_ATTEMPT_LIMIT, now);
  if (isTrusted(staffId, client)) {
    const [row] = await own;
    return row!.attempts <= CLIENT_ATTEMPT_LIMIT;
  }
  const limit = step === "password" ? ACCOUNT_PASSWORD_ATTEMPT_LIMIT : ACCOUNT_CODE_ATTEMPT_LIMIT;
  const [[mine], [account]] = await db.batch([own, countAttempt(db, staffId, accountKey(step), limit, now)]);
  if (mine!.attempts > CLIENT_ATTEMPT_LIMIT) return false;
  // The password step's account-wide lock is the one a second factor gets past.
  return account!.attempts <= limit || (step === "password" && hasSecondFactor);
}

/** The attempt was right: this client starts again from nothing, and it is taken off the account's count. */
export async function attemptSucceeded(db: Database, staffId: number, client: SignInClient, step: SignInStep) {
  const own = db
    .delete(signInThrottle)
    .where(and(eq(signInThrottle.staffId, staffId), eq(signInThrottle.client, clientKey(staffId, client, step))));
  if (isTrusted(staffId, client)) {
    await own;
    return;
  }
  const account = db
    .update(signInThrottle)
    .set({ attempts: sql`MAX(${signInThrottle.attempts} - 1, 0)` })
    .where(and(eq(signInThrottle.staffId, staffId), eq(signInThrottle.client, accountKey(step))));
  await db.batch([own, account]);
}

/** An operator's unlock (a new password): every count of the member goes. */
export function clearAttempts(db: Database, staffId: number) {
  return db.delete(signInThrottle).where(eq(signInThrottle.staffId, staffId));
}

/** Counts nobody needs any more (the cron): nothing from the last day is touched. */
export function forgetOldAttempts(db: Database, now: Date) {
  const dayAgo = now.getTime() - 24 * 60 * 60 * 1000;
  return db
    .delete(signInThrottle)
    .where(
      sql`${signInThrottle.lastAttemptAt} < ${dayAgo} AND (${signInThrottle.lockedUntil} IS NULL OR ${signInThrottle.lockedUntil} < ${dayAgo})`,
    );
}
