import type { PhotoImages } from "../services.ts";
import { type CleanPhoto, cleanPhoto, MAX_PHOTO_BYTES, sniffPhoto } from "./clean.ts";

/**
 * The largest photo a resident may send: what phones take (12 MB is common, 50-megapixel
 * cameras reach 20 MB and more), well inside what Cloudflare Images reads (100 MB, 100 MP).
 */
export const MAX_UPLOAD_BYTES = 30 * 1024 * 1024;

/** What is kept: enough to see a blocked stairwell or a broken lamp on a staff member's screen. */
const LONG_SIDE = 1600;
const MAX_KEPT_BYTES = 1024 * 1024;
/** Tried in turn until the JPEG fits MAX_KEPT_BYTES; a detailed 1600-pixel photo rarely needs the second. */
const QUALITIES = [82, 68, 55];

/** Why a photo was not taken, as the form names it next to the photo field. */
export type PhotoProblem = "photo_size" | "photo_type" | "photo_failed";

/** Cloudflare's codes (and selfhost/images.ts's) for input that is not an image it reads. */
const UNREADABLE = new Set([9412, 9520]);

const unreadable = (error: unknown) => UNREADABLE.has((error as { code?: unknown })?.code as number);

async function shrink(images: PhotoImages, photo: Blob, quality: number): Promise<Uint8Array> {
  const result = await images
    .input(photo.stream())
    .transform({ width: LONG_SIDE, height: LONG_SIDE, fit: "scale-down" })
    .output({ format: "image/jpeg", quality });
  return new Uint8Array(await new Response(result.image()).arrayBuffer());
}

/**
 * A resident's photo as it is kept: at most 1,600 pixels on its long side, turned the way the
 * phone held it, re-encoded as a JPEG of at most 1 MB, so that only pixels are kept (no GPS
 * position, no maker notes, nothing appended). The decoding and encoding run where the platform
 * does them (Cloudflare Images; sharp on a district's server); the result is walked once more by
 * our own cleaner, which also proves it is the JPEG it says it is.
 *
 * A HEIC photo the platform cannot decode (sharp's prebuilt libvips has no HEVC) is kept as the
 * phone sent it, metadata removed, when it is small enough; phones' browsers usually send JPEG.
 */
export async function preparePhoto(images: PhotoImages, photo: Blob): Promise<CleanPhoto | PhotoProblem> {
  if (photo.size > MAX_UPLOAD_BYTES) return "photo_size";
  const type = sniffPhoto(new Uint8Array(await photo.slice(0, 16).arrayBuffer()));
  if (!type) return "photo_type";
  try {
    let bytes: Uint8Array = new Uint8Array();
    for (const quality of QUALITIES) {
      bytes = await shrink(images, photo, quality);
      if (bytes.length <= MAX_KEPT_BYTES) break;
    }
    return cleanPhoto(bytes) ?? "photo_failed";
  } catch (error) {
    if (type.ext === "heic" && photo.size <= MAX_PHOTO_BYTES) return cleanPhoto(new Uint8Array(await photo.arrayBuffer())) ?? "photo_type";
    if (unreadable(error)) return "photo_type";
    // Whose failure: a file our own reader cannot walk is the photo's (the local emulation of
    // the binding reports that as its own error); otherwise the platform's, and worth a retry.
    if (!cleanPhoto(new Uint8Array(await photo.arrayBuffer()))) return "photo_type";
    console.error(JSON.stringify({ msg: "photo not shrunk", error: String(error) }));
    return "photo_failed";
  }
}
