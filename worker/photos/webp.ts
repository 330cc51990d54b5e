import { concatBytes as concat } from "../lib/encoding.ts";
import { ascii, check, viewOf } from "./bytes.ts";

/** Chunks that draw the picture (still or animated) or say how its colours look. */
const KEEP = new Set(["VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF", "ICCP"]);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

/**
 * A WebP without its EXIF, XMP and unknown chunks, the VP8X flags saying so and the RIFF size
 * made right. A file that does not hold together throws.
 */
export function cleanWebp(bytes: Uint8Array): Uint8Array {
  const view = viewOf(bytes);
  check(ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP", "no WebP header");
  const riffEnd = 8 + view.getUint32(4, true);
  check(riffEnd <= bytes.length && riffEnd >= 20, "the RIFF size is wrong");
  const parts: Uint8Array[] = [];
  let at = 12;
  let image = false;
  while (at < riffEnd) {
    check(at + 8 <= riffEnd, "a chunk header is cut short");
    const type = ascii(bytes, at, at + 4);
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size + (size % 2);
    check(end <= riffEnd, "a chunk is longer than the file");
    if (at === 12) check(type === "VP8 " || type === "VP8L" || type === "VP8X", "no image chunk first");
    if (type === "VP8 ")
      check(size >= 10 && bytes[at + 11] === 0x9d && bytes[at + 12] === 0x01 && bytes[at + 13] === 0x2a, "a damaged VP8 frame");
    if (type === "VP8L") check(size >= 5 && bytes[at + 8] === 0x2f, "a damaged VP8L frame");
    if (type === "VP8 " || type === "VP8L" || type === "ANMF") image = true;
    if (type === "VP8X") {
      const chunk = bytes.slice(at, end);
      chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
      parts.push(chunk);
    } else if (KEEP.has(type)) {
      parts.push(bytes.subarray(at, end));
    }
    at = end;
  }
  check(image, "no image data");
  const body = concat(parts);
  const header = bytes.slice(0, 12);
  viewOf(header).setUint32(4, body.length + 4, true);
  return concat([header, body]);
}
