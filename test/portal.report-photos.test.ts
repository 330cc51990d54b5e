import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import exifr from "exifr";
import { beforeAll, describe, expect, it } from "vitest";
import { REPORT_FORM_SCRIPT, REPORT_FORM_SCRIPT_PATH } from "../portal/scripts/report-form.ts";
import { caseTable } from "../schema/case.ts";
import { photoHold } from "../schema/photo-hold.ts";
import { releaseHeldPhotos } from "../worker/resident/held-photo.ts";
import { formToken, postReport as sendReport } from "./helpers/forms.ts";
import { PHOTOS, phonePhoto, tellTales } from "./helpers/photos.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, db } from "./helpers/worker.ts";

beforeAll(seedDemo);

let address = 0;
const postReport = (fields: Record<string, string | File>) =>
  sendReport("JH0501V", fields, { "cf-connecting-ip": `203.0.113.${++address % 250}` });

let sequence = 0;
async function form(overrides: Record<string, string | File> = {}) {
  return { token: await formToken(), category: "safety_hazard", description: `楼道灯坏了，照片为证（${++sequence}）`, ...overrides };
}

const stream = (bytes: Uint8Array) => new Blob([bytes]).stream();
const stored = async (key: string) => new Uint8Array(await (await env.PHOTOS.get(key))!.arrayBuffer());
const caseOf = async (location: string) =>
  (await db().query.caseTable.findFirst({ where: eq(caseTable.trackingCode, location.slice(3, 13)) }))!;
const heldReference = (html: string) => /name="photo_held" value="([^"]+)"/.exec(html)?.[1];

describe("a phone's photo on the report form", () => {
  it("takes a photo over the old 5 MB limit and keeps it at 1600 pixels, under 1 MB, without metadata", async () => {
    const photo = await phonePhoto(2400, 1800, 6 * 1024 * 1024);
    expect(photo.length).toBeGreaterThan(6 * 1024 * 1024);
    expect((await exifr.gps(photo))?.latitude?.toFixed(3)).toBe("37.871");
    const res = await postReport(await form({ photo: new File([photo], "IMG_20261206.jpg", { type: "image/jpeg" }) }));
    expect(res.status).toBe(303);
    const row = await caseOf(res.headers.get("location")!);
    expect(row.photoKey).toMatch(/^photos\/[0-9a-f]{64}\.jpg$/);
    const kept = await stored(row.photoKey!);
    expect(kept.length).toBeLessThanOrEqual(1024 * 1024);
    expect(await env.IMAGES.info(stream(kept))).toMatchObject({ format: "image/jpeg", width: 1600, height: 1200 });
    expect(tellTales(kept)).toEqual([]);
    expect(await exifr.gps(kept).catch(() => undefined)).toBeUndefined();
  });

  it("keeps a portrait photo upright and proportional (the long side is the height)", async () => {
    const res = await postReport(await form({ photo: new File([await phonePhoto(900, 2000)], "tall.jpg") }));
    expect(res.status).toBe(303);
    const kept = await stored((await caseOf(res.headers.get("location")!)).photoKey!);
    expect(await env.IMAGES.info(stream(kept))).toMatchObject({ width: 720, height: 1600 });
  });

  it("re-encodes PNG and WebP photos as JPEG", async () => {
    for (const name of ["png-text-exif.png", "webp-exif.webp"] as const) {
      const res = await postReport(await form({ photo: new File([PHOTOS[name]], name) }));
      expect([name, res.status]).toEqual([name, 303]);
      const row = await caseOf(res.headers.get("location")!);
      expect([name, row.photoKey?.endsWith(".jpg")]).toEqual([name, true]);
      expect([name, tellTales(await stored(row.photoKey!))]).toEqual([name, []]);
    }
  });
});

describe("a report form sent back with a photo", () => {
  it("holds the accepted photo for the next try, which files it without sending it again", async () => {
    const photo = new File([await phonePhoto(1200, 900)], "IMG_0003.jpg", { type: "image/jpeg" });
    const first = await postReport(await form({ category: "", description: "垃圾站满了没人清理", photo }));
    expect(first.status).toBe(400);
    const html = await first.text();
    expect(html).toContain("已附照片");
    expect(html).toContain('id="problems"');
    expect(html).toContain('<a href="#category">请选择问题类型</a>');
    expect(html).toContain('action="/s/JH0501V/report#report"');
    const reference = heldReference(html)!;
    expect(reference).toMatch(/^[0-9a-f]{64}\.jpg\./);
    const key = `photos/${reference.slice(0, 64)}.jpg`;
    expect(await env.PHOTOS.head(key)).not.toBeNull();
    expect(await db().select().from(photoHold).where(eq(photoHold.photoKey, key))).toHaveLength(1);

    const second = await postReport(await form({ description: "垃圾站满了没人清理", photo_held: reference }));
    expect(second.status).toBe(303);
    expect((await caseOf(second.headers.get("location")!)).photoKey).toBe(key);
  });

  it("keeps a held photo through a second refusal, and a new photo replaces it", async () => {
    const first = await postReport(await form({ category: "", photo: new File([await phonePhoto(640, 480)], "a.jpg") }));
    const reference = heldReference(await first.text())!;
    const again = await postReport(await form({ category: "", photo_held: reference }));
    expect(heldReference(await again.text())).toBe(reference);
    const replaced = await postReport(await form({ photo_held: reference, photo: new File([await phonePhoto(480, 640)], "b.jpg") }));
    expect(replaced.status).toBe(303);
    expect((await caseOf(replaced.headers.get("location")!)).photoKey).not.toBe(`photos/${reference.slice(0, 64)}.jpg`);
  });

  it("refuses a reference it did not sign, naming the photo field and keeping the text", async () => {
    const forged = `${"ab".repeat(32)}.jpg.${Math.floor(Date.now() / 600_000)}.${"x".repeat(32)}`;
    const res = await postReport(await form({ description: "别人的照片引用", photo_held: forged }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("之前附的照片已过期，请重新选择");
    expect(html).toContain("别人的照片引用");
    expect(html).toContain('<a href="#photo">');
  });

  it("names a photo that is not one next to the photo field and keeps what was typed", async () => {
    const res = await postReport(await form({ description: "附件是个文本文件", photo: new File(["hello, not a photo"], "x.jpg") }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('id="photo-err"');
    expect(html).toContain("附件是个文本文件");
  });
});

describe("releasing held photos", () => {
  it("deletes a held photo no case took once its time passed, and keeps one a case took", async () => {
    const taken = await postReport(await form({ category: "", photo: new File([await phonePhoto(300, 200)], "t.jpg") }));
    const takenReference = heldReference(await taken.text())!;
    const filed = await postReport(await form({ photo_held: takenReference }));
    expect(filed.status).toBe(303);
    const left = await postReport(await form({ category: "", photo: new File([await phonePhoto(200, 300)], "l.jpg") }));
    const leftKey = `photos/${heldReference(await left.text())!.slice(0, 64)}.jpg`;
    const takenKey = `photos/${takenReference.slice(0, 64)}.jpg`;

    expect(await releaseHeldPhotos(db(), env.PHOTOS, new Date())).toBe(0);
    const later = new Date(Date.now() + 27 * 3600 * 1000);
    expect(await releaseHeldPhotos(db(), env.PHOTOS, later)).toBeGreaterThanOrEqual(2);
    expect(await env.PHOTOS.head(leftKey)).toBeNull();
    expect(await env.PHOTOS.head(takenKey)).not.toBeNull();
    expect(await db().select().from(photoHold).where(eq(photoHold.photoKey, takenKey))).toHaveLength(0);
  });
});

describe("the report form's script", () => {
  it("is served from this site, versioned by its content and kept for a year", async () => {
    expect(REPORT_FORM_SCRIPT_PATH).toMatch(/^\/assets\/report-form\.js\?v=[0-9a-z]+$/);
    const res = await call(REPORT_FORM_SCRIPT_PATH);
    // Under its own version only: an older build's address is not filled with this one's script.
    const other = await call("/assets/report-form.js?v=older");
    expect([other.status, other.headers.get("cache-control")]).toEqual([404, "no-store"]);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await res.text()).toBe(REPORT_FORM_SCRIPT);
    expect(REPORT_FORM_SCRIPT).toContain("XMLHttpRequest");
  });
});
