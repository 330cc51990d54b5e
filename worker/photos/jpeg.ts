import { concatBytes as concat } from "../lib/encoding.ts";
import { ascii, check, viewOf } from "./bytes.ts";

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
/** Frame headers: SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC). */
const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Tables a decoder needs: Huffman, arithmetic coding, quantisation, restart interval, line count. */
const TABLES = new Set([0xc4, 0xcc, 0xdb, 0xdd, 0xdc]);

/**
 * A JPEG with nothing but what draws its first image: frame, tables, scans, and the colour
 * information that changes how those pixels look (the JFIF header without its thumbnail, an ICC
 * profile, Adobe's colour transform). Everything else goes: EXIF and XMP (APP1), MPF and FlashPix
 * (APP2), IPTC (APP13), comments, other applications' segments, and all that follows the first
 * image's end, where phones append previews, gain maps and depth images with EXIF of their own.
 * The segments and scans are walked to the end marker; a file that does not hold together throws.
 */
export function cleanJpeg(bytes: Uint8Array): Uint8Array {
  const view = viewOf(bytes);
  check(bytes[0] === 0xff && bytes[1] === SOI, "no start of image");
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  let frame = false;
  let scans = 0;
  for (;;) {
    check(at + 1 < bytes.length, "no end of image");
    check(bytes[at] === 0xff, "a segment does not start with a marker");
    while (bytes[at + 1] === 0xff) at++; // fill bytes before a marker
    const marker = bytes[at + 1]!;
    if (marker === EOI) {
      check(frame && scans > 0, "no frame or no scan");
      parts.push(bytes.subarray(at, at + 2));
      return concat(parts);
    }
    check(at + 4 <= bytes.length, "a segment is cut short");
    const length = view.getUint16(at + 2);
    const end = at + 2 + length;
    check(length >= 2 && end <= bytes.length, "a segment is longer than the file");
    const segment = bytes.subarray(at, end);
    if (marker === SOS) {
      check(frame, "a scan before the frame");
      parts.push(segment);
      at = end;
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF or a restart.
      const start = at;
      while (at + 1 < bytes.length && !(bytes[at] === 0xff && bytes[at + 1] !== 0x00 && (bytes[at + 1]! < 0xd0 || bytes[at + 1]! > 0xd7)))
        at++;
      parts.push(bytes.subarray(start, at));
      scans++;
      continue;
    }
    if (isFrame(marker)) {
      check(!frame, "a second frame");
      check(length >= 8 && view.getUint16(at + 5) > 0 && view.getUint16(at + 7) > 0, "a frame without a size");
      frame = true;
      parts.push(segment);
    } else if (TABLES.has(marker)) {
      parts.push(segment);
    } else if (marker === 0xe0 && ascii(bytes, at + 4, at + 9) === "JFIF\0" && length >= 16) {
      // The JFIF header keeps its pixel density; its thumbnail (a picture of its own) goes.
      const header = bytes.slice(at, at + 18);
      viewOf(header).setUint16(2, 16);
      header[16] = 0;
      header[17] = 0;
      parts.push(header);
    } else if (marker === 0xe2 && ascii(bytes, at + 4, at + 16) === "ICC_PROFILE\0") {
      parts.push(segment);
    } else if (marker === 0xee && ascii(bytes, at + 4, at + 9) === "Adobe") {
      parts.push(segment);
    } else {
      check((marker >= 0xe0 && marker <= 0xef) || marker === 0xfe, `an unknown marker ${marker.toString(16)}`);
    }
    at = end;
  }
}
