// Photos in an S3-compatible store (selfhost/s3.ts), against a local stand-in that keeps objects
// in memory and refuses any request whose Signature V4 does not check out: it signs what it
// received again with the secret it knows and compares, as S3 does.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AwsV4Signer } from "aws4fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Bucket } from "../../selfhost/s3.ts";

const SECRET = "the district's object-store secret";
const objects = new Map<string, { body: Buffer; type?: string }>();
let server: Server;
let endpoint = "";
const seen: string[] = [];

async function signatureChecks(method: string, url: string, headers: Record<string, string>, body: Buffer) {
  const given = headers.authorization ?? "";
  const signed = /SignedHeaders=([^,]+)/.exec(given)?.[1]?.split(";") ?? [];
  const kept = Object.fromEntries(signed.filter((h) => h !== "host").map((h) => [h, headers[h] ?? ""]));
  const signer = new AwsV4Signer({
    method,
    url,
    headers: kept,
    body: body.length ? body : null,
    accessKeyId: "district",
    secretAccessKey: SECRET,
    service: "s3",
    region: "cn-north-1",
    datetime: headers["x-amz-date"],
  });
  const expected = (await signer.sign()).headers.get("authorization");
  return expected === given;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const url = `${endpoint}${req.url}`;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      seen.push(`${req.method} ${req.url}`);
      if (!(await signatureChecks(req.method!, url, headers, body)))
        return res.writeHead(403).end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
      const { pathname, searchParams } = new URL(url);
      const [, bucket, ...rest] = pathname.split("/");
      if (bucket !== "photos") return res.writeHead(404).end("<Error><Code>NoSuchBucket</Code></Error>");
      const key = rest.map(decodeURIComponent).join("/");
      if (req.method === "PUT") {
        objects.set(key, { body, type: headers["content-type"] });
        return res.writeHead(200).end();
      }
      if (req.method === "GET" && !key && searchParams.get("list-type") === "2") {
        const keys = [...objects.keys()].filter((k) => k.startsWith(searchParams.get("prefix") ?? "")).sort();
        const after = searchParams.get("continuation-token");
        const from = after ? keys.indexOf(after) + 1 : 0;
        const page = keys.slice(from, from + Number(searchParams.get("max-keys") ?? 1000));
        const truncated = from + page.length < keys.length;
        return res
          .writeHead(200, { "content-type": "application/xml" })
          .end(
            `<ListBucketResult><IsTruncated>${truncated}</IsTruncated>${page.map((k) => `<Contents><Key>${k}</Key></Contents>`).join("")}${truncated ? `<NextContinuationToken>${page.at(-1)}</NextContinuationToken>` : ""}</ListBucketResult>`,
          );
      }
      const object = objects.get(key);
      if (req.method === "DELETE") {
        objects.delete(key);
        return res.writeHead(204).end();
      }
      if (!object) return res.writeHead(404).end("<Error><Code>NoSuchKey</Code></Error>");
      res.writeHead(200, { "content-type": object.type ?? "application/octet-stream", "content-length": String(object.body.length) });
      return res.end(req.method === "HEAD" ? undefined : object.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const bucket = (secret = SECRET) =>
  new S3Bucket({ endpoint, bucket: "photos", region: "cn-north-1", accessKeyId: "district", secretAccessKey: secret });

describe("photos in an S3-compatible store", () => {
  it("puts, heads, gets, lists a page at a time and deletes, every request signed", async () => {
    const photos = bucket();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);
    await photos.put("photos/aa.jpg", bytes, { httpMetadata: { contentType: "image/jpeg" } });
    await photos.put("photos/bb.jpg", bytes, { httpMetadata: { contentType: "image/jpeg" } });
    await photos.put("other/cc.png", bytes);
    expect(objects.get("photos/aa.jpg")).toMatchObject({ type: "image/jpeg" });
    const head = await photos.head("photos/aa.jpg");
    expect(head).toMatchObject({ key: "photos/aa.jpg", size: 4, httpMetadata: { contentType: "image/jpeg" } });
    const got = await photos.get("photos/aa.jpg");
    expect(new Uint8Array(await got!.arrayBuffer!())).toEqual(bytes);
    expect(await photos.get("photos/none.jpg")).toBeNull();
    const first = await photos.list({ prefix: "photos/", limit: 1 });
    expect([first.objects.map((o) => o.key), first.truncated]).toEqual([["photos/aa.jpg"], true]);
    const second = await photos.list({ prefix: "photos/", limit: 1, cursor: first.cursor });
    expect([second.objects.map((o) => o.key), second.truncated]).toEqual([["photos/bb.jpg"], false]);
    await photos.delete(["photos/aa.jpg", "photos/none.jpg"]);
    expect([...objects.keys()].sort()).toEqual(["other/cc.png", "photos/bb.jpg"]);
  });

  it("fails loudly with the wrong secret, storing nothing", async () => {
    const before = objects.size;
    await expect(bucket("not the secret").put("photos/zz.jpg", new Uint8Array([1]))).rejects.toThrow(/403/);
    expect(objects.size).toBe(before);
  });
});
