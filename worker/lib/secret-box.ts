import { fromBase64Url, randomBytes, toBase64Url } from "./encoding.ts";

// Secrets the worker must read back (TOTP seeds, webhook signing secrets) are stored encrypted
// with AES-256-GCM, so a copy of the database (a backup, an export) does not give them away.
const keys = new Map<string, Promise<CryptoKey>>();

function boxKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    // The configured secret is any string: hash it to the 256 bits AES wants.
    key = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(`gridstation secret box|${secret}`))
      .then((raw) => crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]));
    keys.set(secret, key);
  }
  return key;
}

/** `v1.<iv>.<ciphertext>`, base64url; `context` binds the box to its row so boxes cannot be swapped. */
export async function seal(secret: string, plaintext: string, context: string): Promise<string> {
  const iv = randomBytes(12);
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    await boxKey(secret),
    new TextEncoder().encode(plaintext),
  );
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** The plaintext, or null when the box was made with another key or context, or was altered. */
export async function open(secret: string, box: string, context: string): Promise<string | null> {
  const [version, ivText, dataText] = box.split(".");
  const iv = fromBase64Url(ivText ?? "");
  const data = fromBase64Url(dataText ?? "");
  if (version !== "v1" || !iv || iv.length !== 12 || !data) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) }, await boxKey(secret), data);
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
