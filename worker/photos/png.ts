import { concatBytes as concat } from "../lib/encoding.ts";
import { ascii, check, viewOf } from "./bytes.ts";

const SIGNATURE = "\x89PNG\r\n\x1a\n";
/** Chunks that draw the picture or say how its colours look; text, EXIF, times and frames go. */
const KEEP = new Set(["IHDR", "PLTE", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "IDAT", "IEND"]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A PNG with the chunks of its still image only (an animated PNG keeps its default image). Every
 * chunk's checksum is checked; a file that does not hold together throws.
 */
export function cleanPng(bytes: Uint8Array): Uint8Array {
  const view = viewOf(bytes);
  check(ascii(bytes, 0, 8) === SIGNATURE, "no PNG signature");
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  let data = false;
  for (let first = true; ; first = false) {
    check(at + 12 <= bytes.length, "no end chunk");
    const length = view.getUint32(at);
    const type = ascii(bytes, at + 4, at + 8);
    const end = at + 12 + length;
    check(end <= bytes.length, "a chunk is longer than the file");
    check(crc32(bytes.subarray(at + 4, end - 4)) === view.getUint32(end - 4), `a damaged ${type} chunk`);
    if (first) check(type === "IHDR" && length === 13 && view.getUint32(at + 8) > 0 && view.getUint32(at + 12) > 0, "no image header");
    if (type === "IDAT") data = true;
    if (KEEP.has(type)) parts.push(bytes.subarray(at, end));
    at = end;
    if (type === "IEND") {
      check(data, "no image data");
      return concat(parts);
    }
  }
}
