import { env } from "cloudflare:workers";
import { Buffer } from "node:buffer";
import { eq } from "drizzle-orm";
import exifr from "exifr";
import jpeg from "jpeg-js";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { cleanPhoto } from "../worker/photos/clean.ts";
import { runScheduler } from "../worker/scheduler.ts";
import { actOk } from "./helpers/cases.ts";
import { formToken, postReport } from "./helpers/forms.ts";
import { PHOTOS, phonePhoto, tellTales } from "./helpers/photos.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { db } from "./helpers/worker.ts";

beforeAll(seedDemo);

const clean = (name: keyof typeof PHOTOS) => cleanPhoto(PHOTOS[name])!.bytes;

describe("cleaning a photo", () => {
  it("starts from fixtures that carry a GPS position", async () => {
    for (const name of ["jpeg-mpf-trailer.jpg", "jpeg-progressive.jpg", "png-text-exif.png"] as const) {
      const gps = await exifr.gps(PHOTOS[name]);
      expect([name, gps?.latitude?.toFixed(3)]).toEqual([name, "37.871"]);
    }
    // exifr reads neither WebP nor this HEIC's layout (exiftool does, in make.sh): their EXIF holds
    // a TIFF structure with the camera's make and the GPS IFD.
    expect(tellTales(PHOTOS["webp-exif.webp"])).toEqual(expect.arrayContaining(["MM\0*", "xmpmeta", "TestPhone"]));
    expect(tellTales(PHOTOS["heic-exif.heic"])).toEqual(expect.arrayContaining(["MM\0*", "TestPhone"]));
  });

  it("keeps nothing of any format but the picture: no EXIF, GPS, maker notes or XMP", async () => {
    for (const name of Object.keys(PHOTOS) as (keyof typeof PHOTOS)[]) {
      const cleaned = clean(name);
      expect([name, tellTales(cleaned)]).toEqual([name, []]);
      expect([name, await exifr.gps(cleaned).catch(() => undefined)]).toEqual([name, undefined]);
    }
  });

  it("cuts a JPEG after its first image, dropping the MPF segment and the appended preview", () => {
    const original = PHOTOS["jpeg-mpf-trailer.jpg"];
    const cleaned = clean("jpeg-mpf-trailer.jpg");
    const firstEnd = original.findIndex((b, i) => b === 0xff && original[i + 1] === 0xd9) + 2;
    expect(firstEnd).toBeLessThan(original.length - 100);
    expect(cleaned.length).toBeLessThan(firstEnd);
    expect([...cleaned.subarray(-2)]).toEqual([0xff, 0xd9]);
    // The same pixels as the first image.
    const before = jpeg.decode(original.subarray(0, firstEnd), { useTArray: true });
    const after = jpeg.decode(cleaned, { useTArray: true });
    expect([after.width, after.height]).toEqual([64, 48]);
    expect(Buffer.from(after.data).equals(Buffer.from(before.data))).toBe(true);
    const progressive = jpeg.decode(clean("jpeg-progressive.jpg"), { useTArray: true });
    expect(Buffer.from(progressive.data).equals(Buffer.from(jpeg.decode(PHOTOS["jpeg-progressive.jpg"], { useTArray: true }).data))).toBe(
      true,
    );
  });

  it("keeps a PNG's image chunks, a WebP's frame and a HEIC's layout", () => {
    const png = clean("png-text-exif.png");
    const chunks = (bytes: Uint8Array) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const types: string[] = [];
      for (let at = 8; at < bytes.length; at += 12 + view.getUint32(at)) types.push(String.fromCharCode(...bytes.subarray(at + 4, at + 8)));
      return types;
    };
    expect(chunks(PHOTOS["png-text-exif.png"])).toEqual(expect.arrayContaining(["tEXt", "eXIf"]));
    expect(new Set(chunks(png))).toEqual(
      new Set(["IHDR", "IDAT", "IEND", ...chunks(png).filter((t) => ["gAMA", "cHRM", "bKGD", "sRGB", "PLTE", "tRNS"].includes(t))]),
    );
    expect(chunks(png).every((t) => !["tEXt", "zTXt", "iTXt", "eXIf", "tIME"].includes(t))).toBe(true);

    const webp = clean("webp-exif.webp");
    const riffSize = new DataView(webp.buffer, webp.byteOffset).getUint32(4, true);
    expect(riffSize).toBe(webp.length - 8);
    const vp8 = (bytes: Uint8Array) => Buffer.from(bytes).indexOf("VP8 ");
    expect(
      Buffer.from(webp)
        .subarray(vp8(webp))
        .equals(
          Buffer.from(PHOTOS["webp-exif.webp"]).subarray(
            vp8(PHOTOS["webp-exif.webp"]),
            vp8(PHOTOS["webp-exif.webp"]) + webp.length - vp8(webp),
          ),
        ),
    ).toBe(true);

    const heic = clean("heic-exif.heic");
    expect(heic.length).toBe(PHOTOS["heic-exif.heic"].length);
    const changed = [...heic].filter((b, i) => b !== PHOTOS["heic-exif.heic"][i]).length;
    expect(changed).toBeGreaterThan(50);
    expect(changed).toBeLessThan(300);
  });

  it("refuses a file that starts like a photo but is not one", () => {
    const fake = (head: number[]) => new Uint8Array([...head, ...new TextEncoder().encode("#!/bin/sh\necho not a picture\n".repeat(20))]);
    expect(cleanPhoto(fake([0xff, 0xd8, 0xff, 0xe0]))).toBeNull();
    expect(cleanPhoto(fake([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeNull();
    expect(cleanPhoto(PHOTOS["jpeg-progressive.jpg"].subarray(0, 600))).toBeNull(); // cut short
    const png = PHOTOS["png-text-exif.png"].slice();
    png[40] = png[40]! ^ 0xff; // a damaged chunk
    expect(cleanPhoto(png)).toBeNull();
    const riff = PHOTOS["webp-exif.webp"].slice();
    new DataView(riff.buffer).setUint32(4, riff.length * 2, true);
    expect(cleanPhoto(riff)).toBeNull();
    expect(cleanPhoto(PHOTOS["heic-exif.heic"].subarray(0, 300))).toBeNull();
  });
});

async function photoObjects() {
  const listed = await env.PHOTOS.list({ prefix: "photos/" });
  return listed.objects.map((o) => o.key);
}

describe("photos attached to a report", () => {
  it("stores only the picture, under a name made of its content", async () => {
    const res = await postReport("JH0501V", {
      token: await formToken(),
      category: "safety_hazard",
      description: "楼道里的灭火器过期了，见照片",
      photo: new File([PHOTOS["jpeg-mpf-trailer.jpg"]], "IMG_0001.JPG", { type: "image/jpeg" }),
    });
    expect(res.status).toBe(303);
    const tracking = /\/t\/([A-Z0-9]+)/.exec(res.headers.get("location")!)![1]!;
    const row = (await db().query.caseTable.findFirst({ where: eq(caseTable.trackingCode, tracking) }))!;
    const stored = new Uint8Array(await (await env.PHOTOS.get(row.photoKey!))!.arrayBuffer());
    const digest = Buffer.from(await crypto.subtle.digest("SHA-256", stored)).toString("hex");
    expect(row.photoKey).toBe(`photos/${digest}.jpg`);
    expect(tellTales(stored)).toEqual([]);
    expect(await exifr.gps(stored).catch(() => undefined)).toBeUndefined();
  });

  it("files ten identical reports sent at once as one case with one stored photo", async () => {
    const before = await photoObjects();
    const photo = await phonePhoto(83, 59);
    const token = await formToken("JH0502V");
    const send = () =>
      postReport(
        "JH0502V",
        {
          token,
          category: "dispute",
          description: "同一张照片连点了十次",
          photo: new File([photo], "a.jpg", { type: "image/jpeg" }),
        },
        { "cf-connecting-ip": "192.0.2.50" },
      );
    const sent = await Promise.all(Array.from({ length: 10 }, send));
    const places = new Set(sent.map((r) => r.headers.get("location")));
    expect(sent.every((r) => r.status === 303)).toBe(true);
    expect(places.size).toBe(1);
    expect((await photoObjects()).filter((key) => !before.includes(key))).toHaveLength(1);
  });

  it("refuses a file that only starts like a JPEG, keeping what was typed", async () => {
    const before = await photoObjects();
    const res = await postReport("JH0501V", {
      token: await formToken(),
      category: "dispute",
      description: "附件其实不是图片",
      photo: new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3])], "x.jpg", {
        type: "image/jpeg",
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("附件其实不是图片");
    expect(await photoObjects()).toEqual(before);
  });

  it("erases the photo with the name and number at retention, unless another case still shows it", async () => {
    const token = await formToken("JH0503V");
    const first = await postReport("JH0503V", {
      token,
      category: "dispute",
      description: "第一次反映，带照片",
      name: "李先生",
      phone: "13900001234",
      photo: new File([PHOTOS["webp-exif.webp"]], "w.webp", { type: "image/webp" }),
    });
    const second = await postReport("JH0503V", {
      token,
      category: "dispute",
      description: "第二次反映，同一张照片",
      photo: new File([PHOTOS["webp-exif.webp"]], "w.webp", { type: "image/webp" }),
    });
    const rowOf = async (res: Response) =>
      (await db().query.caseTable.findFirst({
        where: eq(caseTable.trackingCode, /\/t\/([A-Z0-9]+)/.exec(res.headers.get("location")!)![1]!),
      }))!;
    const [a, b] = [await rowOf(first), await rowOf(second)];
    expect(a.photoKey).toBe(b.photoKey);
    const grid = (await signIn("grid_worker", { area: "jh0503" })).headers;
    await actOk(a.id, "reject", grid, { reason: "已处理过" });
    const closedAt = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, a.id) }))!.closedAt!;
    const later = new Date(closedAt.getTime() + 366 * 24 * 3600_000);
    await runScheduler(db(), later, { retentionDays: 365, photos: env.PHOTOS });
    expect(await db().query.caseTable.findFirst({ where: eq(caseTable.id, a.id) })).toMatchObject({
      reporterName: null,
      reporterPhone: null,
      photoKey: null,
      description: "第一次反映，带照片",
    });
    // The second case is open and still shows the same photo.
    expect(await env.PHOTOS.head(b.photoKey!)).not.toBeNull();
    await actOk(b.id, "reject", grid, { reason: "重复" });
    const closedB = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, b.id) }))!.closedAt!;
    await runScheduler(db(), new Date(closedB.getTime() + 366 * 24 * 3600_000), { retentionDays: 365, photos: env.PHOTOS });
    expect(await env.PHOTOS.head(b.photoKey!)).toBeNull();
    expect((await db().query.caseTable.findFirst({ where: eq(caseTable.id, b.id) }))!.photoKey).toBeNull();
  });
});
