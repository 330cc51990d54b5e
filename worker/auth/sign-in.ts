import { and, eq } from "drizzle-orm";
import { staff } from "../../schema/staff.ts";
import type { Database } from "../db.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { startSession } from "./session.ts";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MS = 15 * 60 * 1000;

// Checked when the number is unknown, so that a wrong number costs as long as a wrong password.
let decoy: Promise<string> | undefined;

/**
 * Checks a phone number and password. Every failure looks the same to the caller, whether the
 * number is unknown, the password wrong or the account locked. Five failures in a row lock the
 * account for fifteen minutes.
 */
export async function signInWithPassword(db: Database, phone: string, password: string, now = new Date()) {
  const member = await db.query.staff.findFirst({ where: and(eq(staff.phone, phone), eq(staff.active, true)) });
  decoy ??= hashPassword("decoy password that never matches");
  const locked = member?.lockedUntil && member.lockedUntil > now;
  const matches = await verifyPassword(password, member?.passwordHash ?? (await decoy));
  if (!member || !member.passwordHash || locked || !matches) {
    if (member && !locked) {
      const failed = member.failedSignIns + 1;
      await db
        .update(staff)
        .set(failed >= MAX_FAILED_SIGN_INS ? { failedSignIns: 0, lockedUntil: new Date(now.getTime() + LOCK_MS) } : { failedSignIns: failed })
        .where(eq(staff.id, member.id));
    }
    return null;
  }
  if (member.failedSignIns > 0 || member.lockedUntil) {
    await db.update(staff).set({ failedSignIns: 0, lockedUntil: null }).where(eq(staff.id, member.id));
  }
  const session = await startSession(db, member.id, now);
  return { staff: member, ...session };
}
