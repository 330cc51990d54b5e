import { equalInConstantTime, toBase64Url } from "../lib/encoding.ts";
import { hmacKey } from "../lib/hmac.ts";

/** Tokens are minted per station and ten-minute window, so a cached page carries a valid one. */
const WINDOW_MS = 10 * 60 * 1000;
/** A form may be sent up to a day after the page was loaded (a resident may write slowly). */
const MAX_AGE_WINDOWS = 144;

async function sign(secret: string, text: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(text));
  return toBase64Url(new Uint8Array(mac)).slice(0, 32);
}

/**
 * The report form's token: `<window>.<HMAC(station, window)>`. It proves the form came from this
 * site (CSRF: another site cannot read it) and, with the content, keys the report's idempotency.
 */
export async function issueFormToken(secret: string, stationCode: string, now: Date): Promise<string> {
  const window = Math.floor(now.getTime() / WINDOW_MS);
  return `${window}.${await sign(secret, `${stationCode}|${window}`)}`;
}

export async function verifyFormToken(secret: string, stationCode: string, token: string, now: Date): Promise<boolean> {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return false;
  const window = Number(match[1]);
  const current = Math.floor(now.getTime() / WINDOW_MS);
  if (window > current || current - window > MAX_AGE_WINDOWS) return false;
  const expected = await sign(secret, `${stationCode}|${window}`);
  return equalInConstantTime(expected, match[2]!);
}
