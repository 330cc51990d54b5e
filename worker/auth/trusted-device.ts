import { equalInConstantTime, randomBytes, toBase64Url } from "../lib/encoding.ts";
import { hmacKey } from "../lib/hmac.ts";

/**
 * A browser that completed a sign-in to an account carries a signed cookie saying so. Its failed
 * sign-ins are counted on their own, so strangers failing from elsewhere never lock it out
 * (worker/auth/sign-in-throttle.ts).
 */
export const DEVICE_COOKIE = "gs_device";
export const DEVICE_TTL_SECONDS = 180 * 24 * 60 * 60;

export interface TrustedDevice {
  staffId: number;
  id: string;
}

async function mac(secret: string, text: string) {
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(`device|${text}`));
  return toBase64Url(new Uint8Array(signature)).slice(0, 32);
}

export async function issueDeviceToken(secret: string, staffId: number): Promise<string> {
  const text = `${staffId}.${toBase64Url(randomBytes(12))}`;
  return `${text}.${await mac(secret, text)}`;
}

export async function readDeviceToken(secret: string, token: string | undefined): Promise<TrustedDevice | null> {
  const match = token ? /^([1-9]\d{0,11})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{32})$/.exec(token) : null;
  if (!match) return null;
  const expected = await mac(secret, `${match[1]}.${match[2]}`);
  return equalInConstantTime(expected, match[3]!) ? { staffId: Number(match[1]), id: match[2]! } : null;
}
