import heicExif from "../fixtures/photos/heic-exif.heic?inline";
import jpegMpfTrailer from "../fixtures/photos/jpeg-mpf-trailer.jpg?inline";
import jpegProgressive from "../fixtures/photos/jpeg-progressive.jpg?inline";
import pngTextExif from "../fixtures/photos/png-text-exif.png?inline";
import webpExif from "../fixtures/photos/webp-exif.webp?inline";

const fromDataUrl = (url: string) => Uint8Array.from(atob(url.slice(url.indexOf(",") + 1)), (c) => c.charCodeAt(0));

/** Photos as phones write them, each with a GPS position in its EXIF (test/fixtures/photos/make.sh). */
export const PHOTOS = {
  "jpeg-mpf-trailer.jpg": fromDataUrl(jpegMpfTrailer),
  "jpeg-progressive.jpg": fromDataUrl(jpegProgressive),
  "png-text-exif.png": fromDataUrl(pngTextExif),
  "webp-exif.webp": fromDataUrl(webpExif),
  "heic-exif.heic": fromDataUrl(heicExif),
};

const text = (bytes: Uint8Array) => new TextDecoder("latin1").decode(bytes);

/**
 * What of a photo could tell where or who: any EXIF structure (a TIFF header: it holds GPS and
 * maker notes), XMP, and the words the fixtures were written with.
 */
export function tellTales(bytes: Uint8Array): string[] {
  const all = text(bytes);
  return ["II*\0", "MM\0*", "GPS", "xmpmeta", "rdf:", "TestPhone", "at home", "my flat", "MPF\0"].filter((mark) => all.includes(mark));
}

/** The first APP1 (EXIF) segment of a JPEG, marker included. */
function exifSegment(jpeg: Uint8Array): Uint8Array {
  for (let at = 2; at + 4 < jpeg.length; ) {
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    if (jpeg[at + 1] === 0xe1) return jpeg.subarray(at, at + 2 + length);
    at += 2 + length;
  }
  throw new Error("no EXIF segment");
}

/**
 * A photo as a phone sends it: `width`×`height` pixels, the fixtures' EXIF with its GPS position,
 * and comment segments up to `bytes` in all (a phone's file also carries maker notes, previews
 * and depth maps). The pixels are the PNG fixture stretched by the platform's Images binding,
 * which both test runtimes have (a pure-JavaScript encoder takes seconds for a phone's size).
 */
export async function phonePhoto(width: number, height: number, bytes = 0): Promise<Uint8Array> {
  const { env } = await import("cloudflare:workers");
  const result = await env.IMAGES.input(new Blob([PHOTOS["png-text-exif.png"]]).stream())
    .transform({ width, height, fit: "squeeze" })
    .output({ format: "image/jpeg", quality: 92 });
  const encoded = new Uint8Array(await new Response(result.image()).arrayBuffer());
  const exif = exifSegment(PHOTOS["jpeg-progressive.jpg"]);
  const padding: Uint8Array[] = [];
  let size = encoded.length + exif.length;
  while (size < bytes) {
    const length = Math.min(65533, bytes - size);
    const segment = new Uint8Array(length + 2).fill(0x20);
    segment.set([0xff, 0xfe, (length >> 8) & 0xff, length & 0xff]);
    padding.push(segment);
    size += segment.length;
  }
  const parts = [encoded.subarray(0, 2), exif, ...padding, encoded.subarray(2)];
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
