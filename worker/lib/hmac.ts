// Pages sign a token on every render: import each secret's HMAC key once per isolate.
const keys = new Map<string, Promise<CryptoKey>>();

export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    keys.set(secret, key);
  }
  return key;
}

/**
 * One HMAC-SHA256 with a key used once: the SMS providers' signatures, whose keys are derived
 * per day (Tencent's TC3 chain), so caching them as `hmacKey` does would only grow the map.
 */
export async function hmacSha256(key: string | ArrayBuffer, text: string): Promise<ArrayBuffer> {
  const raw = typeof key === "string" ? new TextEncoder().encode(key) : key;
  const imported = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", imported, new TextEncoder().encode(text));
}
