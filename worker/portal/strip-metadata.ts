import type { PhotoType } from "./photo.ts";

/**
 * Removes the metadata a phone writes into a photo (EXIF with the GPS position, XMP, IPTC,
 * comments) before it is stored; the picture itself is copied byte for byte. HEIC keeps its
 * metadata inside ISO-BMFF item boxes that cannot be dropped without rewriting the file: it is
 * stored as sent (see the README).
 */
export function stripMetadata(bytes: Uint8Array, type: PhotoType): Uint8Array {
  switch (type.ext) {
    case "jpg":
      return stripJpeg(bytes);
    case "png":
      return stripPng(bytes);
    case "webp":
      return stripWebp(bytes);
    default:
      return bytes;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** JPEG: drop APP1 (EXIF, XMP), APP13 (IPTC) and comment segments before the scan. */
function stripJpeg(bytes: Uint8Array): Uint8Array {
  const DROP = new Set([0xe1, 0xed, 0xfe]);
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda) break; // start of scan: the rest is image data
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) break;
    if (!DROP.has(marker)) parts.push(bytes.subarray(at, end));
    at = end;
  }
  parts.push(bytes.subarray(at));
  return concat(parts);
}

/** PNG: drop the eXIf, text and time chunks. */
function stripPng(bytes: Uint8Array): Uint8Array {
  const DROP = new Set(["eXIf", "tEXt", "iTXt", "zTXt", "tIME"]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const end = at + 12 + length;
    if (end > bytes.length) break;
    if (!DROP.has(type)) parts.push(bytes.subarray(at, end));
    at = end;
  }
  if (at < bytes.length) parts.push(bytes.subarray(at));
  return concat(parts);
}

/** WebP: drop the EXIF and XMP chunks, clear their flags in VP8X, fix the RIFF size. */
function stripWebp(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let at = 12;
  while (at + 8 <= bytes.length) {
    const type = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    const end = at + 8 + size + (size % 2);
    if (end > bytes.length) break;
    if (type === "VP8X") {
      const chunk = bytes.slice(at, end);
      chunk[8] = chunk[8]! & ~0x0c; // the EXIF (0x08) and XMP (0x04) flags
      parts.push(chunk);
    } else if (type !== "EXIF" && type !== "XMP ") {
      parts.push(bytes.subarray(at, end));
    }
    at = end;
  }
  const body = concat(parts);
  const header = bytes.slice(0, 12);
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  return concat([header, body]);
}
