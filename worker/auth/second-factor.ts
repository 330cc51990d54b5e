import { base32nopad } from "@scure/base";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { type Staff, staff } from "../../schema/staff.ts";
import { staffRecoveryCode } from "../../schema/staff-recovery-code.ts";
import { staffSession } from "../../schema/staff-session.ts";
import type { Database, Extra } from "../db.ts";
import { randomBytes, sha256Hex } from "../lib/encoding.ts";
import { type Keys, open, seal } from "../lib/secret-box.ts";
import { forgetSessions } from "./session.ts";
import { newTotpSecret, verifyTotp } from "./totp.ts";

const RECOVERY_CODE_COUNT = 10;

/** What binds a member's sealed TOTP secret to their row. */
export const boxContext = (staffId: number) => `totp|staff:${staffId}`;

/** The key being set up is bound to the row under another name: it can never pass for the active one. */
export const pendingBoxContext = (staffId: number) => `totp-pending|staff:${staffId}`;

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
 * The key a member is setting up. It stays the same across reloads and wrong codes (the app they
 * scanned keeps working) until enrolment succeeds or they ask for a new one (`replace`). Kept
 * sealed in the member's row; a key no configured key opens any more is replaced.
 */
export async function pendingSecondFactorKey(
  db: Database,
  encryptionKey: Keys,
  member: Pick<Staff, "id" | "totpPendingSecret">,
  { replace = false } = {},
): Promise<string> {
  const kept = member.totpPendingSecret;
  if (kept && !replace) {
    const secret = await open(encryptionKey, kept, pendingBoxContext(member.id));
    if (secret) return secret;
  }
  const secret = newTotpSecret();
  // Written only over the box read: of two pages opened at once, the first write wins and the
  // other shows that key rather than one the member never sees again.
  const written = await db
    .update(staff)
    .set({ totpPendingSecret: await seal(encryptionKey, secret, pendingBoxContext(member.id)) })
    .where(and(eq(staff.id, member.id), kept ? eq(staff.totpPendingSecret, kept) : isNull(staff.totpPendingSecret)))
    .returning({ id: staff.id });
  if (written.length === 1) return secret;
  const current = await db.query.staff.findFirst({ where: eq(staff.id, member.id), columns: { totpPendingSecret: true } });
  const winner = current?.totpPendingSecret ? await open(encryptionKey, current.totpPendingSecret, pendingBoxContext(member.id)) : null;
  if (!winner) throw new Error(`the pending second-factor key of staff ${member.id} changed and cannot be read`);
  return winner;
}

/**
 * Turns the second factor on once the member has proved their app shows the right code for the
 * pending key: stores it as the active secret, forgets the pending one, replaces any recovery
 * codes and marks the current session as checked, in one batch. Returns the recovery codes to
 * show once, or null when the code is wrong (the pending key is kept for the next try).
 */
export async function enrolSecondFactor(
  db: Database,
  encryptionKey: Keys,
  member: Pick<Staff, "id" | "totpPendingSecret">,
  code: string,
  sessionTokenHash: string,
  now = new Date(),
): Promise<string[] | null> {
  const secret = member.totpPendingSecret ? await open(encryptionKey, member.totpPendingSecret, pendingBoxContext(member.id)) : null;
  if (!secret) return null;
  const step = await verifyTotp(secret, code, now, null);
  if (step === null) return null;
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map(hashRecoveryCode));
  await db.batch([
    db
      .update(staff)
      .set({
        totpSecret: await seal(encryptionKey, secret, boxContext(member.id)),
        totpPendingSecret: null,
        totpEnabledAt: now,
        totpLastStep: step,
      })
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
export async function removeSecondFactor(
  db: Database,
  staffId: number,
  { endSessions = false, now = new Date(), extras = [] as Extra[] } = {},
) {
  const off = db
    .update(staff)
    .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
    .where(eq(staff.id, staffId));
  const codes = db.delete(staffRecoveryCode).where(eq(staffRecoveryCode.staffId, staffId));
  const sessions = db.update(staffSession).set({ revokedAt: now }).where(eq(staffSession.staffId, staffId));
  await db.batch([off, codes, ...(endSessions ? [sessions] : []), ...extras]);
  forgetSessions();
}

export async function unusedRecoveryCodes(db: Database, staffId: number): Promise<number> {
  const rows = await db
    .select({ codeHash: staffRecoveryCode.codeHash })
    .from(staffRecoveryCode)
    .where(and(eq(staffRecoveryCode.staffId, staffId), isNull(staffRecoveryCode.usedAt)));
  return rows.length;
}
