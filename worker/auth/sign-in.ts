import { and, eq } from "drizzle-orm";
import { staff, type Staff } from "../../schema/staff.ts";
import type { Database } from "../db.ts";
import { equalInConstantTime, toBase64Url } from "../lib/encoding.ts";
import { hmacKey } from "../lib/hmac.ts";
import { hashPassword, verifyPassword } from "./password.ts";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MS = 15 * 60 * 1000;
/** Time between the password and the second factor's code. */
const CHALLENGE_TTL_MS = 5 * 60 * 1000;

// Checked when the number is unknown, so that a wrong number costs as long as a wrong password.
let decoy: Promise<string> | undefined;

export function isLocked(member: Pick<Staff, "lockedUntil">, now: Date): boolean {
  return !!member.lockedUntil && member.lockedUntil > now;
}

/** A wrong password or code counts towards the lock: five in a row lock for fifteen minutes. */
export async function recordFailedSignIn(db: Database, member: Pick<Staff, "id" | "failedSignIns">, now: Date) {
  const failed = member.failedSignIns + 1;
  await db
    .update(staff)
    .set(failed >= MAX_FAILED_SIGN_INS ? { failedSignIns: 0, lockedUntil: new Date(now.getTime() + LOCK_MS) } : { failedSignIns: failed })
    .where(eq(staff.id, member.id));
}

export async function clearFailedSignIns(db: Database, member: Pick<Staff, "id" | "failedSignIns" | "lockedUntil">) {
  if (member.failedSignIns > 0 || member.lockedUntil) {
    await db.update(staff).set({ failedSignIns: 0, lockedUntil: null }).where(eq(staff.id, member.id));
  }
}

/**
 * Checks a phone number and password. Every failure looks the same to the caller, whether the
 * number is unknown, the password wrong or the account locked.
 */
export async function checkPassword(db: Database, phone: string, password: string, now = new Date()): Promise<Staff | null> {
  const member = await db.query.staff.findFirst({ where: and(eq(staff.phone, phone), eq(staff.active, true)) });
  decoy ??= hashPassword("decoy password that never matches");
  const locked = member ? isLocked(member, now) : false;
  const matches = await verifyPassword(password, member?.passwordHash ?? (await decoy));
  if (!member || !member.passwordHash || locked || !matches) {
    if (member && !locked) await recordFailedSignIn(db, member, now);
    return null;
  }
  return member;
}

async function challengeMac(secret: string, text: string) {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(`second-factor|${text}`));
  return toBase64Url(new Uint8Array(mac)).slice(0, 32);
}

/**
 * Proof that the password was right, carried by the code form for a few minutes. No session
 * exists until the code is right too, so a stolen password alone opens nothing.
 */
export async function issueSignInChallenge(secret: string, staffId: number, now: Date): Promise<string> {
  const text = `${staffId}.${now.getTime() + CHALLENGE_TTL_MS}`;
  return `${text}.${await challengeMac(secret, text)}`;
}

/** The staff id a challenge was issued for, if it is genuine and fresh. */
export async function readSignInChallenge(secret: string, challenge: string, now: Date): Promise<number | null> {
  const match = /^(\d{1,12})\.(\d{13,15})\.([A-Za-z0-9_-]{32})$/.exec(challenge);
  if (!match || Number(match[2]) < now.getTime()) return null;
  const expected = await challengeMac(secret, `${match[1]}.${match[2]}`);
  return equalInConstantTime(expected, match[3]!) ? Number(match[1]) : null;
}
