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

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/**
 * What of a photo could tell where or who: any EXIF structure (a TIFF header: it holds GPS and
 * maker notes), XMP, and the words the fixtures were written with.
 */
export function tellTales(bytes: Uint8Array): string[] {
  const all = text(bytes);
  return ["II*\0", "MM\0*", "GPS", "xmpmeta", "rdf:", "TestPhone", "at home", "my flat", "MPF\0"].filter((mark) => all.includes(mark));
}
