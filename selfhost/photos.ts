import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/**
 * The R2 calls the app makes (put, get, head, delete, list), over a folder: each object a file
 * under its key, its content type in a `.meta.json` beside it. Writes go to a temporary file
 * renamed into place, so a reader never sees half a photo.
 */
interface Metadata {
  contentType?: string;
  uploaded: string;
}

const KEY = /^[\w./-]+$/;

export class FolderBucket {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
    mkdirSync(root, { recursive: true });
  }

  #path(key: string) {
    if (!KEY.test(key) || key.split("/").some((part) => part === ".." || part === "")) throw new Error(`bad object key: ${key}`);
    return join(this.#root, key);
  }

  #object(key: string, path: string, withBody: boolean) {
    const meta = JSON.parse(readFileSync(`${path}.meta.json`, "utf8")) as Metadata;
    const size = statSync(path).size;
    const bytes = withBody ? readFileSync(path) : null;
    return {
      key,
      size,
      uploaded: new Date(meta.uploaded),
      httpMetadata: meta.contentType ? { contentType: meta.contentType } : {},
      ...(bytes
        ? {
            arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
            text: async () => bytes.toString("utf8"),
            body: new Blob([bytes]).stream(),
          }
        : {}),
    };
  }

  async put(key: string, value: ArrayBuffer | ArrayBufferView | string, options: { httpMetadata?: { contentType?: string } } = {}) {
    const path = this.#path(key);
    mkdirSync(dirname(path), { recursive: true });
    const bytes =
      typeof value === "string"
        ? Buffer.from(value)
        : ArrayBuffer.isView(value)
          ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
          : Buffer.from(value);
    const meta: Metadata = { contentType: options.httpMetadata?.contentType, uploaded: new Date().toISOString() };
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temporary, bytes);
    writeFileSync(`${temporary}.meta`, JSON.stringify(meta));
    renameSync(`${temporary}.meta`, `${path}.meta.json`);
    renameSync(temporary, path);
    return this.#object(key, path, false);
  }

  async get(key: string) {
    const path = this.#path(key);
    return existsSync(path) && existsSync(`${path}.meta.json`) ? this.#object(key, path, true) : null;
  }

  async head(key: string) {
    const path = this.#path(key);
    return existsSync(path) && existsSync(`${path}.meta.json`) ? this.#object(key, path, false) : null;
  }

  async delete(keys: string | string[]) {
    for (const key of Array.isArray(keys) ? keys : [keys]) {
      const path = this.#path(key);
      rmSync(path, { force: true });
      rmSync(`${path}.meta.json`, { force: true });
    }
  }

  /** Keys in order, a page at a time; the cursor is the last key of the page. */
  async list(options: { prefix?: string; cursor?: string; limit?: number } = {}) {
    const limit = Math.min(options.limit ?? 1000, 1000);
    const keys = this.#keys().filter((key) => key.startsWith(options.prefix ?? "") && (!options.cursor || key > options.cursor));
    const page = keys.slice(0, limit);
    const truncated = keys.length > limit;
    return {
      objects: page.map((key) => this.#object(key, this.#path(key), false)),
      truncated,
      ...(truncated ? { cursor: page.at(-1)! } : {}),
      delimitedPrefixes: [] as string[],
    };
  }

  #keys(): string[] {
    const walk = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) return walk(path);
        return entry.name.endsWith(".meta.json") || entry.name.endsWith(".tmp") || entry.name.endsWith(".tmp.meta")
          ? []
          : [relative(this.#root, path).split(sep).join("/")];
      });
    return walk(this.#root).sort();
  }
}
