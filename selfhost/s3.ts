import { AwsClient } from "aws4fetch";

/**
 * The R2 calls the app makes (put, get, head, delete, list), over an S3-compatible object store:
 * every Chinese government cloud's object storage speaks S3 (OBS, OSS, COS, and MinIO on a
 * district's own machines). Requests are signed with AWS Signature V4 (aws4fetch); addresses are
 * path-style (`<endpoint>/<bucket>/<key>`), which all of them accept.
 */
export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const text = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => m[1]!);
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

export class S3Bucket {
  readonly #client: AwsClient;
  readonly #base: string;

  constructor(settings: S3Settings) {
    this.#client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      region: settings.region,
      service: "s3",
      retries: 2,
    });
    this.#base = `${settings.endpoint.replace(/\/$/, "")}/${encodeURIComponent(settings.bucket)}`;
  }

  #url(key: string) {
    return `${this.#base}/${key.split("/").map(encodeURIComponent).join("/")}`;
  }

  async #send(method: string, url: string, init: RequestInit = {}) {
    const res = await this.#client.fetch(url, { method, ...init });
    if (!res.ok && res.status !== 404) throw new Error(`S3 ${method} ${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res;
  }

  #object(key: string, res: Response, withBody: boolean) {
    const contentType = res.headers.get("content-type") ?? undefined;
    const size = Number(res.headers.get("content-length") ?? 0);
    const uploaded = new Date(res.headers.get("last-modified") ?? Date.now());
    if (!withBody) return { key, size, uploaded, httpMetadata: contentType ? { contentType } : {} };
    const bytes = res.arrayBuffer();
    return {
      key,
      size,
      uploaded,
      httpMetadata: contentType ? { contentType } : {},
      arrayBuffer: () => bytes,
      text: async () => new TextDecoder().decode(await bytes),
      body: new ReadableStream({
        start: async (controller) => {
          controller.enqueue(new Uint8Array(await bytes));
          controller.close();
        },
      }),
    };
  }

  async put(key: string, value: ArrayBuffer | ArrayBufferView | string, options: { httpMetadata?: { contentType?: string } } = {}) {
    const body =
      typeof value === "string"
        ? new TextEncoder().encode(value)
        : ArrayBuffer.isView(value)
          ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
          : new Uint8Array(value);
    const headers: Record<string, string> = options.httpMetadata?.contentType ? { "content-type": options.httpMetadata.contentType } : {};
    await this.#send("PUT", this.#url(key), { body, headers });
    return { key, size: body.byteLength, uploaded: new Date(), httpMetadata: options.httpMetadata ?? {} };
  }

  async get(key: string) {
    const res = await this.#send("GET", this.#url(key));
    return res.status === 404 ? null : this.#object(key, res, true);
  }

  async head(key: string) {
    const res = await this.#send("HEAD", this.#url(key));
    return res.status === 404 ? null : this.#object(key, res, false);
  }

  async delete(keys: string | string[]) {
    for (const key of Array.isArray(keys) ? keys : [keys]) await this.#send("DELETE", this.#url(key));
  }

  /** ListObjectsV2, a page at a time; the cursor is S3's continuation token. */
  async list(options: { prefix?: string; cursor?: string; limit?: number } = {}) {
    const query = new URLSearchParams({ "list-type": "2", "max-keys": String(Math.min(options.limit ?? 1000, 1000)) });
    if (options.prefix) query.set("prefix", options.prefix);
    if (options.cursor) query.set("continuation-token", options.cursor);
    const xml = await (await this.#send("GET", `${this.#base}?${query}`)).text();
    const truncated = text(xml, "IsTruncated")[0] === "true";
    const token = text(xml, "NextContinuationToken")[0];
    return {
      objects: text(xml, "Key").map((key) => ({ key: unescapeXml(key), size: 0, uploaded: new Date(), httpMetadata: {} })),
      truncated,
      ...(truncated && token ? { cursor: unescapeXml(token) } : {}),
      delimitedPrefixes: [] as string[],
    };
  }
}

/** The S3 settings from the environment, when `GRIDSTATION_PHOTOS=s3`; else null (the data folder). */
export function s3SettingsOf(environment: Record<string, string | undefined>): S3Settings | null {
  if (environment.GRIDSTATION_PHOTOS !== "s3") return null;
  const need = (name: string) => {
    const value = environment[name];
    if (!value) throw new Error(`GRIDSTATION_PHOTOS=s3 needs ${name}`);
    return value;
  };
  return {
    endpoint: need("S3_ENDPOINT"),
    bucket: need("S3_BUCKET"),
    region: environment.S3_REGION ?? "us-east-1",
    accessKeyId: need("S3_ACCESS_KEY_ID"),
    secretAccessKey: need("S3_SECRET_ACCESS_KEY"),
  };
}
