import { DomainError } from "../domain-error.ts";
import type { Services } from "../services.ts";
import { cleanPhoto, MAX_PHOTO_BYTES } from "./clean.ts";
import { storePhoto } from "./store.ts";

/**
 * A photo a resident adds to their case, through the same path as the report form's: its
 * metadata removed, stored under its content's name; the key to record on the case. Refuses a
 * file over the limit (`payload_too_large`) or that is not a photo we take (`validation_failed`),
 * both on the field `photo`.
 */
export async function attachResidentPhoto(services: Pick<Services, "photos">, file: File): Promise<string> {
  if (file.size > MAX_PHOTO_BYTES) {
    throw new DomainError("payload_too_large", "The photo is over 5 MB.", { details: [{ path: "photo", message: "at most 5 MB" }] });
  }
  const cleaned = cleanPhoto(new Uint8Array(await file.arrayBuffer()));
  if (!cleaned) {
    throw new DomainError("validation_failed", "The photo must be a JPEG, PNG, WebP or HEIC image.", {
      details: [{ path: "photo", message: "not a JPEG, PNG, WebP or HEIC image" }],
    });
  }
  return storePhoto(services.photos, cleaned);
}
