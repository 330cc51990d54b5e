/** Photos a resident may attach, recognised by their first bytes, never by the file's name. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export type PhotoType = { ext: "jpg" | "png" | "webp" | "heic"; mime: string };

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));

export function sniffPhoto(bytes: Uint8Array): PhotoType | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { ext: "jpg", mime: "image/jpeg" };
  if (ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") return { ext: "png", mime: "image/png" };
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 12) === "WEBP") return { ext: "webp", mime: "image/webp" };
  if (ascii(bytes, 4, 8) === "ftyp" && ["heic", "heix", "hevc", "hevx", "mif1", "msf1"].includes(ascii(bytes, 8, 12))) {
    return { ext: "heic", mime: "image/heic" };
  }
  return null;
}
