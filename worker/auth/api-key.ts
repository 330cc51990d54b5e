import { and, eq, isNull } from "drizzle-orm";
import { apiKey } from "../../schema/api-key.ts";
import type { ApiScope } from "../../schema/constants.ts";
import { type Database, type Extra, writeWith } from "../db.ts";
import { randomBytes, sha256Hex, toBase64Url, toHex } from "../lib/encoding.ts";
import { IsolateCache } from "../lib/isolate-cache.ts";
import type { Principal } from "./principal.ts";

const KEY_PATTERN = /^gs_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

/**
 * Makes a new key: `gs_<id>_<secret>`, the secret 256 random bits. Keys are high-entropy, so a
 * plain SHA-256 is the right stored form (a slow KDF buys nothing and costs every request).
 */
// Stryker disable next-line ArrowFunction: writeWith's own default turns an undefined list of extras into [], so () => undefined writes the same batch.
export async function issueApiKey(
  db: Database,
  name: string,
  scopes: readonly ApiScope[],
  areaPath: string | null = null,
  extras: (id: string) => Extra[] = () => [],
) {
  const id = toHex(randomBytes(4));
  const key = `gs_${id}_${toBase64Url(randomBytes(32))}`;
  await writeWith(db, db.insert(apiKey).values({ id, name, keyHash: await sha256Hex(key), scopes: [...scopes], areaPath }), extras(id));
  return { id, key };
}

/**
 * Known keys, by the key as presented, for a minute: an integration calls many times a minute and
 * each lookup would be a D1 round trip and a SHA-256 (on Node, WebCrypto's digest runs on the
 * thread pool: a seventh of a case list's CPU, bench/RESULTS.md). The keys are in this memory
 * anyway while their requests run. A revocation takes effect at once in the isolate that made it
 * and within a minute everywhere else. Unknown keys are not remembered (nobody can fill the cache).
 */
const knownKeys = new IsolateCache<Principal>(60_000, 1000);

/** The principal for a presented key, or null when the key is malformed, unknown or revoked. */
export async function authenticateApiKey(db: Database, key: string): Promise<Principal | null> {
  if (!KEY_PATTERN.test(key)) return null;
  const known = knownKeys.get(key);
  if (known) return known;
  const hash = await sha256Hex(key);
  const [row] = await db
    .select({ id: apiKey.id, name: apiKey.name, scopes: apiKey.scopes, areaPath: apiKey.areaPath })
    .from(apiKey)
    .where(and(eq(apiKey.keyHash, hash), isNull(apiKey.revokedAt)))
    .limit(1);
  if (!row) return null;
  const principal: Principal = { kind: "api_key", keyId: row.id, name: row.name, scopes: row.scopes, areaPath: row.areaPath };
  knownKeys.set(key, principal);
  return principal;
}

/** Forgets cached keys at once in this isolate (after a revocation). */
export function forgetApiKeys() {
  knownKeys.clear();
}
