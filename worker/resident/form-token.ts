import { equalInConstantTime, toBase64Url } from "../lib/encoding.ts";
import { hmacKey } from "../lib/hmac.ts";

/** Tokens are minted per station and ten-minute window, so a cached page carries a valid one. */
const WINDOW_MS = 10 * 60 * 1000;
/** A form may be sent up to a day after the page was loaded (a resident may write slowly). */
const MAX_AGE_WINDOWS = 144;

/** The ten-minute window a time falls in: pages made in one window carry the same token. */
export function formWindow(now: Date): number {
  return Math.floor(now.getTime() / WINDOW_MS);
}

async function sign(secret: string, text: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(text));
  return toBase64Url(new Uint8Array(mac)).slice(0, 32);
}

/** This window's tokens, by secret and station: every page of a station in a window has the same one. */
let issued = { window: -1, tokens: new Map<string, string>() };

/**
 * The report form's token: `<window>.<HMAC(station, window)>`. It proves the form came from this
 * site (CSRF: another site cannot read it) and, with the content, keys the report's idempotency.
 * Each is signed once per isolate and window (the HMAC showed in a station page's CPU profile;
 * the figure is in bench/RESULTS.md).
 */
export async function issueFormToken(secret: string, stationCode: string, now: Date): Promise<string> {
  const window = formWindow(now);
  if (issued.window !== window) issued = { window, tokens: new Map() };
  const key = `${secret}|${stationCode}`;
  let token = issued.tokens.get(key);
  if (token === undefined) {
    token = await signFormToken(secret, stationCode, now);
    issued.tokens.set(key, token);
  }
  return token;
}

/** A token for a form whose subject is seldom the same twice (the sign-in form's browser): not kept. */
export async function signFormToken(secret: string, subject: string, now: Date): Promise<string> {
  const window = Math.floor(now.getTime() / WINDOW_MS);
  return `${window}.${await sign(secret, `${subject}|${window}`)}`;
}

/**
 * The window a token names, if it is written the one way this site writes it (a number with a
 * leading zero names the same window, and would be another key to a limiter).
 */
export function formTokenWindow(token: string): number | null {
  const match = /^([1-9]\d{0,11})\.[A-Za-z0-9_-]{32}$/.exec(token);
  return match ? Number(match[1]) : null;
}

export async function verifyFormToken(secret: string, subject: string, token: string, now: Date): Promise<boolean> {
  const window = formTokenWindow(token);
  if (window === null) return false;
  const current = Math.floor(now.getTime() / WINDOW_MS);
  if (window > current || current - window > MAX_AGE_WINDOWS) return false;
  const expected = await sign(secret, `${subject}|${window}`);
  return equalInConstantTime(expected, token.slice(token.indexOf(".") + 1));
}
