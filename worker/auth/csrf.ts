import { equalInConstantTime, toBase64Url } from "../lib/encoding.ts";
import { hmacKey } from "../lib/hmac.ts";
import { IsolateCache } from "../lib/isolate-cache.ts";

/**
 * Tokens already signed, by session token, for ten minutes: every staff page and form carries
 * one, and the HMAC showed as a thirtieth of the dashboard's CPU (bench/RESULTS.md). Keeping one
 * longer than its session lives grants nothing: pages check the session itself first.
 */
const signed = new IsolateCache<{ secret: string; token: string }>(10 * 60_000, 2000);

/**
 * The staff pages' CSRF token: an HMAC of the session token, so it is fixed for a session,
 * unknown to other sites, and useless after sign-out. Forms carry it as `csrf`.
 */
export async function csrfToken(secret: string, sessionToken: string): Promise<string> {
  const known = signed.get(sessionToken);
  if (known?.secret === secret) return known.token;
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(`csrf|${sessionToken}`));
  const token = toBase64Url(new Uint8Array(mac)).slice(0, 32);
  signed.set(sessionToken, { secret, token });
  return token;
}

/** How many signed tokens this isolate keeps (for the test of the cache's bound). */
export const signedCsrfTokens = () => signed.size.entries;

export async function csrfMatches(secret: string, sessionToken: string, presented: unknown): Promise<boolean> {
  if (typeof presented !== "string" || presented.length !== 32) return false;
  const expected = await csrfToken(secret, sessionToken);
  return equalInConstantTime(expected, presented);
}
