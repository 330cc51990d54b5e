import { equalInConstantTime, toHex } from "../lib/encoding.ts";

/**
 * `GridStation-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`, with the Unix time
 * in `GridStation-Timestamp`: signing the time too lets receivers refuse replays of old deliveries.
 */
export async function signDelivery(secret: string, timestamp: number, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${timestamp}.${body}`));
  return `v1=${toHex(mac)}`;
}

/** What a receiver does (shown in the README): same signature, and not older than `toleranceSeconds`. */
export async function verifyDelivery(
  secret: string,
  timestamp: number,
  body: string,
  signature: string,
  now = new Date(),
  toleranceSeconds = 300,
) {
  if (!Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  return equalInConstantTime(await signDelivery(secret, timestamp, body), signature);
}
