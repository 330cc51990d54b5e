import { fromBase64Url, randomBytes, toBase64Url, toHex } from "./encoding.ts";

// Secrets the worker must read back (TOTP seeds, webhook signing secrets) are stored encrypted
// with AES-256-GCM, so a copy of the database (a backup, an export) does not give them away.

/**
 * The keys boxes are made and opened with: new boxes use `current`; `previous` keys (being
 * rotated out) still open the boxes they made until `resealAll` has moved every box to the
 * current key. A bare string is a keyring of one.
 */
export interface Keyring {
  current: string;
  previous: readonly string[];
}

export type Keys = string | Keyring;

const ringOf = (keys: Keys): Keyring => (typeof keys === "string" ? { current: keys, previous: [] } : keys);

/** ENCRYPTION_KEY, and ENCRYPTION_KEYS_PREVIOUS (comma-separated) while a rotation is under way. */
export function keyringOf(env: { ENCRYPTION_KEY: string; ENCRYPTION_KEYS_PREVIOUS?: string | undefined }): Keyring {
  const previous = (env.ENCRYPTION_KEYS_PREVIOUS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => k && k !== env.ENCRYPTION_KEY);
  return { current: env.ENCRYPTION_KEY, previous };
}

interface BoxKey {
  id: string;
  key: CryptoKey;
}

const keys = new Map<string, Promise<BoxKey>>();

function boxKey(secret: string): Promise<BoxKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      // The configured secret is any string: hash it to the 256 bits AES wants. The key's id (a
      // hash of another text) names it in boxes without telling anything about it.
      const raw = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`gridstation secret box|${secret}`));
      const id = toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`gridstation key id|${secret}`))).slice(0, 8);
      return { id, key: await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]) };
    })();
    keys.set(secret, key);
  }
  return key;
}

/** The id of the key a box was made with (null for boxes made before key ids, `v1`). */
export function keyIdOf(box: string): string | null {
  const [version, id] = box.split(".");
  return version === "v2" ? (id ?? null) : null;
}

/** The current key's id, as `keyIdOf` reads it from boxes it makes. */
export async function currentKeyId(keys: Keys): Promise<string> {
  return (await boxKey(ringOf(keys).current)).id;
}

/**
 * `v2.<key id>.<iv>.<ciphertext>`, base64url, made with the current key; `context` binds the box
 * to its row so boxes cannot be swapped.
 */
export async function seal(keys: Keys, plaintext: string, context: string): Promise<string> {
  const { id, key } = await boxKey(ringOf(keys).current);
  const iv = randomBytes(12);
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    key,
    new TextEncoder().encode(plaintext),
  );
  return `v2.${id}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** The plaintext, or null when no key of the ring made the box for this context, or it was altered. */
export async function open(keys: Keys, box: string, context: string): Promise<string | null> {
  const parts = box.split(".");
  const [version] = parts;
  const [id, ivText, dataText] = version === "v2" ? parts.slice(1) : [null, ...parts.slice(1)];
  const iv = fromBase64Url(ivText ?? "");
  const data = fromBase64Url(dataText ?? "");
  if ((version !== "v1" && version !== "v2") || !iv || iv.length !== 12 || !data) return null;
  const ring = ringOf(keys);
  for (const secret of [ring.current, ...ring.previous]) {
    const candidate = await boxKey(secret);
    if (id !== null && candidate.id !== id) continue;
    try {
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
        candidate.key,
        data,
      );
      return new TextDecoder().decode(plain);
    } catch {
      // Not this key (a v1 box names none), or altered.
    }
  }
  return null;
}
