import { env, exports } from "cloudflare:workers";
import type { ApiScope } from "../../schema/constants.ts";
import { issueApiKey } from "../../worker/auth/api-key.ts";
import { createDatabase } from "../../worker/db.ts";

export const ORIGIN = "http://gridstation.test";

/** Calls the worker's own fetch handler, as the platform would. */
export function call(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

export function db() {
  return createDatabase(env.DB);
}

/** A fresh API key with these scopes, as `Authorization` headers. */
export async function keyHeaders(...scopes: ApiScope[]) {
  const { key } = await issueApiKey(db(), `test ${scopes.join(",")}`, scopes);
  return { authorization: `Bearer ${key}` };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read bodies of many shapes; callers name the type where it matters
export async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

export function sendJson(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}
