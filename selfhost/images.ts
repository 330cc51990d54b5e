/**
 * The calls the app makes of Cloudflare's Images binding (`info`, and `input` → `transform` →
 * `output`), over sharp (libvips) on a district's server. The worker cannot tell the two apart;
 * test/images-contract.test.ts runs the same checks against both.
 */
import type { Sharp } from "sharp";

/** What Cloudflare's binding throws: an error with a numeric code (9412: the input is not an image). */
class ImagesError extends Error {
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.name = "ImagesError";
    this.code = code;
  }
}

const NOT_AN_IMAGE = 9412;

type Transform = { width?: number; height?: number; fit?: string; rotate?: 0 | 90 | 180 | 270 };
type OutputFormat = "image/jpeg" | "image/png" | "image/webp" | "image/avif";

// sharp is a native module: loaded on first use, so a server that never sees a photo never loads it.
let loaded: Promise<typeof import("sharp").default> | undefined;
async function sharpModule() {
  loaded ??= import("sharp").then((module) => {
    // One libvips thread per photo (photos sent at once still run side by side, on libuv's pool),
    // and no decoded images kept between calls: a 12-megapixel photo is large, and a district
    // server has other work.
    module.default.concurrency(1);
    module.default.cache(false);
    return module.default;
  });
  return loaded;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Cloudflare's `fit` names in sharp's terms. */
function resizeOptions(transform: Transform) {
  switch (transform.fit) {
    case "contain":
      return { fit: "inside" as const };
    case "cover":
      return { fit: "cover" as const };
    case "crop":
      return { fit: "cover" as const, withoutEnlargement: true };
    case "pad":
      return { fit: "contain" as const };
    case "squeeze":
      return { fit: "fill" as const };
    default:
      return { fit: "inside" as const, withoutEnlargement: true };
  }
}

/** A decode failure is Cloudflare's "not an image"; anything else is ours. */
async function decoding<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ImagesError) throw error;
    throw new ImagesError(NOT_AN_IMAGE, `ERROR 9412: Input is not an image (${String((error as Error).message ?? error)})`);
  }
}

class SharpTransformer {
  readonly #input: Promise<Uint8Array>;
  readonly #transforms: Transform[];

  constructor(input: Promise<Uint8Array>, transforms: Transform[]) {
    this.#input = input;
    this.#transforms = transforms;
  }

  transform(transform: Transform) {
    return new SharpTransformer(this.#input, [...this.#transforms, transform]);
  }

  async output(options: { format: OutputFormat; quality?: number }) {
    const sharp = await sharpModule();
    const input = await this.#input;
    const bytes = await decoding(async () => {
      // Like Cloudflare: the EXIF orientation is applied, and nothing of the input's metadata is written.
      let image: Sharp = sharp(input, { autoOrient: true, limitInputPixels: 100_000_000 });
      for (const t of this.#transforms) {
        if (t.rotate) image = image.rotate(t.rotate);
        if (t.width !== undefined || t.height !== undefined) image = image.resize(t.width ?? null, t.height ?? null, resizeOptions(t));
      }
      const quality = options.quality;
      switch (options.format) {
        case "image/png":
          image = image.png();
          break;
        case "image/webp":
          image = image.webp({ quality });
          break;
        case "image/avif":
          image = image.avif({ quality });
          break;
        default:
          image = image.jpeg({ quality });
      }
      return new Uint8Array(await image.toBuffer());
    });
    const contentType = options.format;
    return {
      contentType: () => contentType,
      image: () => new Blob([bytes]).stream(),
      response: () => new Response(bytes, { headers: { "content-type": contentType } }),
    };
  }
}

const FORMATS: Record<string, string> = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp", gif: "image/gif", heif: "image/avif" };

export class SharpImages {
  input(stream: ReadableStream<Uint8Array>) {
    return new SharpTransformer(bytesOf(stream), []);
  }

  async info(stream: ReadableStream<Uint8Array>) {
    const sharp = await sharpModule();
    const input = await bytesOf(stream);
    const meta = await decoding(() => sharp(input).metadata());
    const format = FORMATS[meta.format ?? ""];
    if (!format || !meta.width || !meta.height) throw new ImagesError(NOT_AN_IMAGE, "ERROR 9412: Input is not an image");
    return { format, fileSize: input.length, width: meta.width, height: meta.height };
  }
}
