// One provider call with the timeout every channel shares, and the answers that say only "try
// again later": a provider that is down, unreachable or too slow.
import type { SendResult } from "../channel.ts";

/** A provider that takes longer than this has failed this attempt (the queue retries). */
export const PROVIDER_TIMEOUT_MS = 10_000;

export interface CallOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type ProviderAnswer = { status: number; body: unknown; headers: Headers } | { unanswered: SendResult };

/** POSTs and reads the JSON answer; a 5xx, a network error or a timeout comes back as `retry`. */
export async function callProvider(url: string, init: RequestInit, options: CallOptions = {}): Promise<ProviderAnswer> {
  const { fetch: send = fetch, timeoutMs = PROVIDER_TIMEOUT_MS } = options;
  let res: Response;
  try {
    res = await send(url, { ...init, method: "POST", redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return { unanswered: { outcome: "retry", answer: timedOut ? `no answer within ${timeoutMs / 1000} s` : "could not connect" } };
  }
  const text = await res.text().catch(() => "");
  if (res.status >= 500) return { unanswered: { outcome: "retry", answer: `HTTP ${res.status}${text ? ` ${text.slice(0, 200)}` : ""}` } };
  try {
    return { status: res.status, body: JSON.parse(text), headers: res.headers };
  } catch {
    // A gateway's own page (a proxy in front of the provider): throttling may pass; anything else will not.
    const outcome = res.status === 429 ? "retry" : "failed";
    return { unanswered: { outcome, answer: `HTTP ${res.status}, not the provider's JSON: ${text.slice(0, 200)}` } };
  }
}

/** Seconds from an HTTP Retry-After header (seconds form only), if any. */
export function retryAfterOf(headers: Headers): number | undefined {
  const value = Number(headers.get("retry-after"));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
