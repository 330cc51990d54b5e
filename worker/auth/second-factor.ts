import { base32nopad } from "@scure/base";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { type Staff, staff } from "../../schema/staff.ts";
import { staffRecoveryCode } from "../../schema/staff-recovery-code.ts";
import { staffSession } from "../../schema/staff-session.ts";
import type { Database } from "../db.ts";
import { randomBytes, sha256Hex } from "../lib/encoding.ts";
import { type Keys, open, seal } from "../lib/secret-box.ts";
import { forgetSessions } from "./session.ts";
import { verifyTotp } from "./totp.ts";

const RECOVERY_CODE_COUNT = 10;

/** What binds a member's sealed TOTP secret to their row. */
export const boxContext = (staffId: number) => `totp|staff:${staffId}`;

/** Ten one-time codes like `k3v9q-7xm2a` (50 random bits each), to be shown once. */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const text = base32nopad.encode(randomBytes(7)).slice(0, 10).toLowerCase();
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z2-7]/g, "");
}

const hashRecoveryCode = (code: string) => sha256Hex(`recovery|${normaliseRecoveryCode(code)}`);

/**
 * Turns the second factor on once the member has proved their app shows the right code: stores
 * the sealed secret, replaces any recovery codes and marks the current session as checked, in
 * one batch. Returns the recovery codes to show once, or null when the code is wrong.
 */
export async function enrolSecondFactor(
  db: Database,
  encryptionKey: Keys,
  member: Pick<Staff, "id">,
  secret: string,
  code: string,
  sessionTokenHash: string,
  now = new Date(),
): Promise<string[] | null> {
  const step = await verifyTotp(secret, code, now, null);
  if (step === null) return null;
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map(hashRecoveryCode));
  await db.batch([
    db
      .update(staff)
      .set({ totpSecret: await seal(encryptionKey, secret, boxContext(member.id)), totpEnabledAt: now, totpLastStep: step })
      .where(eq(staff.id, member.id)),
    db.delete(staffRecoveryCode).where(eq(staffRecoveryCode.staffId, member.id)),
    db.insert(staffRecoveryCode).values(hashes.map((codeHash) => ({ codeHash, staffId: member.id, createdAt: now }))),
    db.update(staffSession).set({ secondFactorAt: now }).where(eq(staffSession.tokenHash, sessionTokenHash)),
  ]);
  forgetSessions();
  return codes;
}

/**
 * Checks a code from the authenticator app or a recovery code and spends it: the conditional
 * updates make a code good for one use even when two requests race with it.
 */
export async function checkSecondFactor(
  db: Database,
  encryptionKey: Keys,
  member: Pick<Staff, "id" | "totpSecret" | "totpLastStep">,
  presented: string,
  now = new Date(),
): Promise<"totp" | "recovery" | null> {
  if (!member.totpSecret) return null;
  if (/^\s*\d{3}\s?\d{3}\s*$/.test(presented)) {
    const secret = await open(encryptionKey, member.totpSecret, boxContext(member.id));
    if (!secret) return null;
    const step = await verifyTotp(secret, presented, now, member.totpLastStep);
    if (step === null) return null;
    const spent = await db
      .update(staff)
      .set({ totpLastStep: step })
      .where(and(eq(staff.id, member.id), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, step))))
      .returning({ id: staff.id });
    return spent.length === 1 ? "totp" : null;
  }
  if (normaliseRecoveryCode(presented).length !== 10) return null;
  const spent = await db
    .update(staffRecoveryCode)
    .set({ usedAt: now })
    .where(
      and(
        eq(staffRecoveryCode.codeHash, await hashRecoveryCode(presented)),
        eq(staffRecoveryCode.staffId, member.id),
        isNull(staffRecoveryCode.usedAt),
      ),
    )
    .returning({ codeHash: staffRecoveryCode.codeHash });
  return spent.length === 1 ? "recovery" : null;
}

/** New recovery codes for an enrolled member; the old ones stop working in the same batch. */
export async function replaceRecoveryCodes(db: Database, staffId: number, now = new Date()): Promise<string[]> {
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map(hashRecoveryCode));
  await db.batch([
    db.delete(staffRecoveryCode).where(eq(staffRecoveryCode.staffId, staffId)),
    db.insert(staffRecoveryCode).values(hashes.map((codeHash) => ({ codeHash, staffId, createdAt: now }))),
  ]);
  return codes;
}

/**
 * Turns the second factor off: a member's own choice where it is optional, or an operator's reset
 * (which also ends the member's sessions, so the next sign-in leads to enrolling again).
 */
export async function removeSecondFactor(db: Database, staffId: number, { endSessions = false, now = new Date() } = {}) {
  const off = db.update(staff).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(staff.id, staffId));
  const codes = db.delete(staffRecoveryCode).where(eq(staffRecoveryCode.staffId, staffId));
  const sessions = db.update(staffSession).set({ revokedAt: now }).where(eq(staffSession.staffId, staffId));
  await (endSessions ? db.batch([off, codes, sessions]) : db.batch([off, codes]));
  forgetSessions();
}

export async function unusedRecoveryCodes(db: Database, staffId: number): Promise<number> {
  const rows = await db
    .select({ codeHash: staffRecoveryCode.codeHash })
    .from(staffRecoveryCode)
    .where(and(eq(staffRecoveryCode.staffId, staffId), isNull(staffRecoveryCode.usedAt)));
  return rows.length;
}
