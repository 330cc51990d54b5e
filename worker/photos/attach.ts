import { DomainError } from "../domain-error.ts";
import type { Services } from "../services.ts";
import { MAX_UPLOAD_BYTES, preparePhoto } from "./prepare.ts";
import { storePhoto } from "./store.ts";

/**
 * A photo added to a case (a resident's supplement, or the result photo of a staff member
 * resolving it), through the same path as the report form's: shrunk and
 * re-encoded (worker/photos/prepare.ts), stored under its content's name; the key to record on the
 * case. Refuses a file over the limit (`payload_too_large`) or that is not a photo we take
 * (`validation_failed`), both on the field `photo`; a failure of the image service is `unavailable`.
 */
export async function attachPhoto(services: Pick<Services, "photos" | "images">, file: File): Promise<string> {
  const prepared = await preparePhoto(services.images, file);
  if (prepared === "photo_size") {
    const limit = `${MAX_UPLOAD_BYTES / 1024 / 1024} MB`;
    throw new DomainError("payload_too_large", `The photo is over ${limit}.`, {
      details: [{ path: "photo", message: `at most ${limit}` }],
    });
  }
  if (prepared === "photo_type") {
    throw new DomainError("validation_failed", "The photo must be a JPEG, PNG, WebP or HEIC image.", {
      details: [{ path: "photo", message: "not a JPEG, PNG, WebP or HEIC image" }],
    });
  }
  if (prepared === "photo_failed") {
    throw new DomainError("unavailable", "The photo could not be processed just now; send it again shortly.", { retryAfterSeconds: 30 });
  }
  return storePhoto(services.photos, prepared);
}
