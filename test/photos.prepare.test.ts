import { describe, expect, it } from "vitest";
import { cleanPhoto } from "../worker/photos/clean.ts";
import { MAX_UPLOAD_BYTES, preparePhoto } from "../worker/photos/prepare.ts";
import type { PhotoImages } from "../worker/services.ts";
import { PHOTOS } from "./helpers/photos.ts";

const JPEG = PHOTOS["jpeg-progressive.jpg"];

/** An Images binding that answers each output with the next of `outputs` (bytes, or an error to throw). */
function fakeImages(outputs: (Uint8Array | Error)[]) {
  const asked: { transform?: unknown; output?: unknown }[] = [];
  const images = {
    input: () => {
      const call: { transform?: unknown; output?: unknown } = {};
      asked.push(call);
      const transformer = {
        transform(transform: unknown) {
          call.transform = transform;
          return transformer;
        },
        async output(output: unknown) {
          call.output = output;
          const next = outputs.shift()!;
          if (next instanceof Error) throw next;
          return { image: () => new Blob([next]).stream(), contentType: () => "image/jpeg", response: () => new Response(next) };
        },
      };
      return transformer;
    },
  } as unknown as PhotoImages;
  return { images, asked };
}

const codeError = (code: number) => Object.assign(new Error(`ERROR ${code}`), { code });

describe("preparing a photo", () => {
  it("asks for 1600 pixels on the long side, never enlarged, as a JPEG, and cleans the answer", async () => {
    const { images, asked } = fakeImages([JPEG]);
    const prepared = await preparePhoto(images, new Blob([PHOTOS["png-text-exif.png"]]));
    expect(asked).toEqual([{ transform: { width: 1600, height: 1600, fit: "scale-down" }, output: { format: "image/jpeg", quality: 82 } }]);
    expect(prepared).toEqual(cleanPhoto(JPEG));
  });

  it("lowers the quality until the JPEG fits 1 MB", async () => {
    const tooBig = new Uint8Array(1024 * 1024 + 1);
    const { images, asked } = fakeImages([tooBig, tooBig, JPEG]);
    expect(await preparePhoto(images, new Blob([JPEG]))).toEqual(cleanPhoto(JPEG));
    expect(asked.map((a) => (a.output as { quality: number }).quality)).toEqual([82, 68, 55]);
  });

  it("refuses by size and by its first bytes before asking the platform", async () => {
    const { images, asked } = fakeImages([]);
    expect(await preparePhoto(images, new Blob([new Uint8Array(MAX_UPLOAD_BYTES + 1)]))).toBe("photo_size");
    expect(await preparePhoto(images, new Blob(["GIF89a, not a photo we take"]))).toBe("photo_type");
    expect(asked).toEqual([]);
  });

  it("tells a photo the platform cannot read from a platform that failed", async () => {
    expect(await preparePhoto(fakeImages([codeError(9412)]).images, new Blob([JPEG]))).toBe("photo_type");
    // A valid JPEG the platform failed on: worth another try.
    expect(await preparePhoto(fakeImages([codeError(9523)]).images, new Blob([JPEG]))).toBe("photo_failed");
    expect(await preparePhoto(fakeImages([new Error("network")]).images, new Blob([JPEG]))).toBe("photo_failed");
    // A file that only starts like a JPEG is the photo's fault, whatever the platform said.
    expect(await preparePhoto(fakeImages([codeError(9523)]).images, new Blob([JPEG.subarray(0, 300)]))).toBe("photo_type");
  });

  it("keeps a HEIC the platform cannot decode as sent, only its metadata removed", async () => {
    const heic = PHOTOS["heic-exif.heic"];
    expect(await preparePhoto(fakeImages([codeError(9523)]).images, new Blob([heic]))).toEqual(cleanPhoto(heic));
  });

  it("answers photo_failed when the platform's answer is not a JPEG our reader accepts", async () => {
    expect(await preparePhoto(fakeImages([new TextEncoder().encode("not a jpeg")]).images, new Blob([JPEG]))).toBe("photo_failed");
  });
});
