import { equalInConstantTime, toBase64Url } from "../lib/encoding.ts";
import { hmacKey } from "../lib/hmac.ts";

/**
 * The staff pages' CSRF token: an HMAC of the session token, so it is fixed for a session,
 * unknown to other sites, and useless after sign-out. Forms carry it as `csrf`.
 */
export async function csrfToken(secret: string, sessionToken: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(`csrf|${sessionToken}`));
  return toBase64Url(new Uint8Array(mac)).slice(0, 32);
}

export async function csrfMatches(secret: string, sessionToken: string, presented: unknown): Promise<boolean> {
  if (typeof presented !== "string" || presented.length !== 32) return false;
  const expected = await csrfToken(secret, sessionToken);
  return equalInConstantTime(expected, presented);
}
