// The Images binding as the app uses it: Cloudflare's (workerd runs it locally through sharp) in the
// workers project, selfhost/images.ts over sharp in the selfhost project. The same checks for both.
import { env } from "cloudflare:workers";
import exifr from "exifr";
import { describe, expect, it } from "vitest";
import { PHOTOS, phonePhoto } from "./helpers/photos.ts";

const stream = (bytes: Uint8Array) => new Blob([bytes]).stream();
const bytesOf = async (s: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(s).arrayBuffer());

describe("the Images binding", () => {
  it("shrinks to the long side asked, keeps the proportions and writes a JPEG without metadata", async () => {
    const photo = await phonePhoto(2400, 1800);
    expect((await exifr.gps(photo))?.latitude?.toFixed(3)).toBe("37.871");
    const result = await env.IMAGES.input(stream(photo))
      .transform({ width: 1600, height: 1600, fit: "scale-down" })
      .output({ format: "image/jpeg", quality: 80 });
    expect(result.contentType()).toBe("image/jpeg");
    const out = await bytesOf(result.image());
    expect([out[0], out[1], out[2]]).toEqual([0xff, 0xd8, 0xff]);
    const info = await env.IMAGES.info(stream(out));
    expect(info).toMatchObject({ format: "image/jpeg", width: 1600, height: 1200 });
    expect(await exifr.gps(out).catch(() => undefined)).toBeUndefined();
  });

  it("does not enlarge a small photo with scale-down", async () => {
    const result = await env.IMAGES.input(stream(PHOTOS["png-text-exif.png"]))
      .transform({ width: 1600, height: 1600, fit: "scale-down" })
      .output({ format: "image/jpeg" });
    expect(await env.IMAGES.info(stream(await bytesOf(result.image())))).toMatchObject({ width: 64, height: 48 });
  });

  it("reads JPEG, PNG and WebP and refuses what is not an image with an error", async () => {
    for (const name of ["jpeg-progressive.jpg", "png-text-exif.png", "webp-exif.webp"] as const) {
      expect([name, await env.IMAGES.info(stream(PHOTOS[name]))]).toEqual([name, expect.objectContaining({ width: 64, height: 48 })]);
    }
    const garbage = new TextEncoder().encode("this is not a picture at all, just words");
    const failed = await env.IMAGES.input(stream(garbage))
      .transform({ width: 100 })
      .output({ format: "image/jpeg" })
      .then(async (result) => bytesOf(result.image()))
      .then(
        () => null,
        (error: unknown) => error,
      );
    // Cloudflare answers 9412 ("not an image"); its local emulation 9523 (sharp's own failure).
    expect(failed).toBeInstanceOf(Error);
    expect(typeof (failed as { code?: unknown }).code).toBe("number");
  });
});
