import { base32nopad } from "@scure/base";
import { randomBytes } from "../lib/encoding.ts";

/** RFC 6238 with the parameters every authenticator app assumes: HMAC-SHA-1, 30 s steps, 6 digits. */
const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
/** Codes one step either side are accepted: phone clocks drift and people type slowly. */
const WINDOW = 1;

/** A new shared secret: 160 bits, the size RFC 4226 recommends for HMAC-SHA-1. */
export function newTotpSecret(): string {
  return base32nopad.encode(randomBytes(20));
}

function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/** The HOTP value (RFC 4226 §5.3) of a base32 secret at a counter, as `digits` decimal digits. */
export async function hotp(secret: string, counter: number, digits = DIGITS): Promise<string> {
  const key = await crypto.subtle.importKey("raw", base32nopad.decode(secret), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  const message = new DataView(new ArrayBuffer(8));
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message.buffer));
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

export function totpCode(secret: string, now: Date): Promise<string> {
  return hotp(secret, timeStep(now));
}

/**
 * The time step a presented code belongs to, or null. Steps at or before `lastUsedStep` are
 * refused so that a code seen over someone's shoulder cannot be used a second time.
 */
export async function verifyTotp(secret: string, presented: string, now: Date, lastUsedStep: number | null): Promise<number | null> {
  const code = presented.replace(/\s/g, "");
  if (!/^\d{6}$/.test(code)) return null;
  const current = timeStep(now);
  for (let step = current - WINDOW; step <= current + WINDOW; step++) {
    if (lastUsedStep !== null && step <= lastUsedStep) continue;
    if ((await hotp(secret, step)) === code) return step;
  }
  return null;
}

/** The `otpauth://` URI authenticator apps read from the enrolment QR code. */
export function otpauthUri(secret: string, account: string, issuer = "GridStation"): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${DIGITS}&period=${TOTP_STEP_SECONDS}`;
}
