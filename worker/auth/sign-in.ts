import { and, eq } from "drizzle-orm";
import { type Staff, staff } from "../../schema/staff.ts";
import type { Database } from "../db.ts";
import { equalInConstantTime, toBase64Url } from "../lib/encoding.ts";
import { hmacKey } from "../lib/hmac.ts";
import type { Keys } from "../lib/secret-box.ts";
import { DEMO_PASSWORD } from "./demo-password.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { checkSecondFactor } from "./second-factor.ts";
import { attemptSucceeded, beginAttempt, type SignInClient } from "./sign-in-throttle.ts";

/** Time between the password and the second factor's code. */
const CHALLENGE_TTL_MS = 5 * 60 * 1000;

// Checked when the number is unknown, so that a wrong number costs as long as a wrong password.
let decoy: Promise<string> | undefined;

/**
 * Checks a phone number and password. Every failure looks the same to the caller, whether the
 * number is unknown, the password wrong or the client locked out (sign-in-throttle.ts). The demo
 * district's public password opens nothing unless `demoPasswordAccepted` (development servers).
 */
export async function checkPassword(
  db: Database,
  phone: string,
  password: string,
  client: SignInClient,
  now = new Date(),
  { demoPasswordAccepted = false } = {},
): Promise<Staff | null> {
  const member = await db.query.staff.findFirst({ where: and(eq(staff.phone, phone), eq(staff.active, true)) });
  decoy ??= hashPassword("decoy password that never matches");
  const allowed = member ? await beginAttempt(db, member.id, client, "password", !!member.totpEnabledAt, now) : false;
  const usable = demoPasswordAccepted || password !== DEMO_PASSWORD;
  const matches = (await verifyPassword(password, (allowed && member?.passwordHash) || (await decoy))) && usable;
  if (!member || !allowed || !matches) return null;
  await attemptSucceeded(db, member.id, client, "password");
  return member;
}

/**
 * Checks the second step's code (authenticator or recovery) for the member a challenge names.
 * Returns the member and how they proved it, or null; failures count like wrong passwords.
 */
export async function checkCode(db: Database, encryptionKey: Keys, staffId: number, code: string, client: SignInClient, now = new Date()) {
  const member = await db.query.staff.findFirst({ where: and(eq(staff.id, staffId), eq(staff.active, true)) });
  if (!member || !(await beginAttempt(db, member.id, client, "code", true, now))) return null;
  const method = await checkSecondFactor(db, encryptionKey, member, code, now);
  if (!method) return null;
  await attemptSucceeded(db, member.id, client, "code");
  return { member, method };
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
