import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { cleanPhoto } from "../worker/photos/clean.ts";
import { MAX_UPLOAD_BYTES } from "../worker/photos/prepare.ts";
import { formToken, postReport as sendReport } from "./helpers/forms.ts";
import { PHOTOS, phonePhoto, tellTales } from "./helpers/photos.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, db } from "./helpers/worker.ts";

beforeAll(seedDemo);

const JPEG = PHOTOS["jpeg-progressive.jpg"];
const GIF = new TextEncoder().encode("GIF89a\x01\x00\x01\x00");

let sequence = 0;

let address = 0;

/**
 * Each report from an address of its own: the reports of this file would otherwise share one
 * rate-limit key (address, station, token) and run into it (test/abuse.test.ts tests the limit).
 */
function postReport(code: string, fields: Record<string, string | File>, headers: Record<string, string> = {}) {
  return sendReport(code, fields, { "cf-connecting-ip": `198.51.100.${++address % 250}`, ...headers });
}

/** A valid form; each call describes a different problem, so none is a resubmission of another. */
async function valid(overrides: Record<string, string | File> = {}) {
  return {
    token: await formToken(),
    category: "safety_hazard",
    description: `3号楼楼道堆放纸箱，堵塞消防通道（${++sequence}）`,
    ...overrides,
  };
}

async function caseByCode(code: string) {
  return db().query.caseTable.findFirst({ where: eq(caseTable.trackingCode, code) });
}

describe("POST /s/{code}/report: happy", () => {
  it("files an anonymous case and sends the resident to its tracking page", async () => {
    const res = await postReport("JH0501V", await valid());
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    // Its own fragment: the form's address carries #report, which a redirect would otherwise keep.
    expect(location).toMatch(/^\/t\/[A-Z0-9]{10}\?new=1#top$/);
    const code = location.slice(3, 13);
    const filed = await caseByCode(code);
    expect(filed).toMatchObject({
      channel: "qr",
      category: "safety_hazard",
      stationCode: "JH0501V",
      reporterName: null,
      reporterPhone: null,
      level: "grid",
      createdBy: "resident",
    });
    const page = await (await call(location)).text();
    expect(page).toContain(code);
    expect(page).toContain("请保存您的查询码");
  });

  it("keeps a name, a mobile and a building when given, and the photo in R2", async () => {
    const photo = new File([JPEG], "IMG_0001.JPG", { type: "image/jpeg" });
    const res = await postReport("JH0501V", await valid({ micro_grid: "jh0501-03", name: "王女士", phone: "138 1234 5678", photo }));
    expect(res.status).toBe(303);
    const filed = await caseByCode(res.headers.get("location")!.slice(3, 13));
    expect(filed).toMatchObject({
      microGridId: "jh0501-03",
      reporterName: "王女士",
      reporterPhone: "13812345678",
      areaPath: "/xhl/jh/jh05/jh0501/jh0501-03/",
    });
    expect(filed?.photoKey).toMatch(/^photos\/[0-9a-f]{64}\.jpg$/);
    const stored = await env.PHOTOS.get(filed!.photoKey!);
    expect(stored?.httpMetadata?.contentType).toBe("image/jpeg");
    // Re-encoded by the platform (worker/photos/prepare.ts), then cleaned: nothing but the picture.
    const bytes = new Uint8Array(await stored!.arrayBuffer());
    expect(cleanPhoto(bytes)?.bytes).toEqual(bytes);
    expect(tellTales(bytes)).toEqual([]);
  });

  it("files one case when the same form is sent twice, and two for different reports", async () => {
    const fields = await valid({ description: "楼下路灯坏了一个星期了" });
    const first = await postReport("JH0501V", fields);
    const second = await postReport("JH0501V", fields);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    const rows = await db().select().from(caseTable).where(eq(caseTable.description, "楼下路灯坏了一个星期了"));
    expect(rows).toHaveLength(1);
    const other = await postReport("JH0501V", { ...fields, description: "另一件事：垃圾桶满了没人清" });
    expect(other.headers.get("location")).not.toBe(first.headers.get("location"));
  });

  it("stores a repeated report's photo once", async () => {
    const photos = async () => (await env.PHOTOS.list({ prefix: "photos/" })).objects.length;
    const before = await photos();
    const fields = await valid({
      description: "井盖松动，附照片",
      photo: new File([await phonePhoto(97, 61)], "IMG_0002.JPG", { type: "image/jpeg" }),
    });
    const first = await postReport("JH0501V", fields);
    const second = await postReport("JH0501V", fields);
    expect(first.status).toBe(303);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await photos()).toBe(before + 1);
  });

  it("keeps the language through the redirect", async () => {
    const body = new URLSearchParams({ ...(await valid()), confirm_new: "1" });
    const res = await call("/s/JH0501V/report?lang=en", { method: "POST", body, redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/\?new=1&lang=en#top$/);
  });
});

describe("POST /s/{code}/report: errors", () => {
  it("names every problem next to its field and keeps what the visitor typed", async () => {
    const res = await postReport(
      "JH0501V",
      await valid({ category: "", description: " \n ", name: "很长的名字".repeat(10), phone: "12345", micro_grid: "jh0101-01" }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请修改标出的内容后再提交");
    for (const message of ["请选择问题类型", "请写下要反映的问题（4000字以内）", "请填写11位手机号", "称呼最多40个字"])
      expect(html).toContain(message);
    expect(html).toContain('value="12345"');
    expect(html).toContain('aria-invalid="true"');
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("takes a report of one character up to 4,000, and refuses an empty one or a longer one with the text kept", async () => {
    for (const description of ["坏", "路灯坏了", `${++sequence}${"灯".repeat(3990)}`.slice(0, 4000)]) {
      const res = await postReport("JH0501V", await valid({ category: "dispute", description }));
      expect(res.status, description.slice(0, 10)).toBe(303);
      const filed = await caseByCode(res.headers.get("location")!.slice(3, 13));
      expect(filed!.description).toBe(description);
    }
    const long = `${"灯".repeat(4000)}长`;
    const refused = await postReport("JH0501V", await valid({ category: "dispute", description: long }));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("请写下要反映的问题（4000字以内）");
    expect(html).toContain(`>${long}</textarea>`);
    expect(html).toContain('maxlength="4000"');
    expect(html).not.toContain("minlength");
  });

  it("refuses a building outside the station's grid", async () => {
    const res = await postReport("JH0501V", await valid({ micro_grid: "jh0101-01" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("请选择本网格的楼栋");
  });

  it("refuses a forged or foreign token, keeping the text", async () => {
    const forged = await postReport("JH0501V", await valid({ token: "123.abcdefghijklmnopqrstuvwxyz012345" }));
    expect(forged.status).toBe(400);
    const html = await forged.text();
    expect(html).toContain("页面已过期");
    expect(html).toContain("3号楼楼道堆放纸箱");
    const otherStation = await postReport("JH0502V", await valid());
    expect(otherStation.status).toBe(400);
  });

  it("checks the photo by its bytes and its size", async () => {
    const disguised = new File([GIF], "photo.jpg", { type: "image/jpeg" });
    const wrongType = await postReport("JH0501V", await valid({ photo: disguised }));
    expect(wrongType.status).toBe(400);
    expect(await wrongType.text()).toContain("照片须为JPEG、PNG、WebP或HEIC格式");
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(JPEG);
    const tooBig = await postReport("JH0501V", await valid({ photo: new File([big], "big.jpg"), description: "照片太大的这一份" }));
    expect(tooBig.status).toBe(413);
    const html = await tooBig.text();
    expect(html).toContain("照片不能超过30MB");
    expect(html).toContain("照片太大的这一份");
    const ok = await postReport("JH0501V", await valid({ photo: new File([PHOTOS["heic-exif.heic"]], "IMG.HEIC") }));
    expect(ok.status).toBe(303);
    // A 30 MB body and a HEIC decode: on a loaded 2-core machine this outlasts the default 5 s.
  }, 30_000);

  it("answers 404 for an unknown station", async () => {
    const res = await postReport("JH9999V", await valid());
    expect(res.status).toBe(404);
  });
});
