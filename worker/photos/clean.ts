import { ascii, UnreadablePhoto } from "./bytes.ts";
import { cleanHeic } from "./heic.ts";
import { cleanJpeg } from "./jpeg.ts";
import { cleanPng } from "./png.ts";
import { cleanWebp } from "./webp.ts";

/**
 * The largest photo kept as it was sent, only its metadata removed: a HEIC that the platform cannot
 * shrink (worker/photos/prepare.ts). Every other photo is shrunk first.
 */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

type PhotoType = { ext: "jpg" | "png" | "webp" | "heic"; mime: string };

/** Photos a resident may attach, recognised by their first bytes, never by the file's name. */
export function sniffPhoto(bytes: Uint8Array): PhotoType | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { ext: "jpg", mime: "image/jpeg" };
  if (ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return { ext: "png", mime: "image/png" };
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return { ext: "webp", mime: "image/webp" };
  if (ascii(bytes, 4, 8) === "ftyp" && ["heic", "heix", "hevc", "hevx", "mif1", "msf1"].includes(ascii(bytes, 8, 12))) {
    return { ext: "heic", mime: "image/heic" };
  }
  return null;
}

const CLEANERS = { jpg: cleanJpeg, png: cleanPng, webp: cleanWebp, heic: cleanHeic } satisfies Record<
  PhotoType["ext"],
  (bytes: Uint8Array) => Uint8Array
>;

export interface CleanPhoto {
  bytes: Uint8Array;
  type: PhotoType;
}

/**
 * Keeps nothing of a photo but its pixels (and how their colours look): the metadata a phone
 * writes (EXIF with the GPS position, maker notes, XMP, comments, appended images) goes. The file
 * is walked to its end on the way, so one that is not the image it says it is comes back null.
 */
export function cleanPhoto(bytes: Uint8Array): CleanPhoto | null {
  const type = sniffPhoto(bytes);
  if (!type) return null;
  try {
    return { bytes: CLEANERS[type.ext](bytes), type };
  } catch (error) {
    if (error instanceof UnreadablePhoto) return null;
    // A malformed file can also run a reader off its end.
    if (error instanceof RangeError) return null;
    throw error;
  }
}
