import { toHex } from "../lib/encoding.ts";
import type { PhotoStore } from "../services.ts";
import type { CleanPhoto } from "./clean.ts";

/**
 * Stores a cleaned photo under a name made of its content: the same photo sent twice (a double
 * tap, ten retries at once) is one object, whichever request writes it.
 */
export async function storePhoto(bucket: PhotoStore, photo: CleanPhoto): Promise<string> {
  const digest = toHex(await crypto.subtle.digest("SHA-256", photo.bytes));
  const key = `photos/${digest}.${photo.type.ext}`;
  await bucket.put(key, photo.bytes, { httpMetadata: { contentType: photo.type.mime } });
  return key;
}
