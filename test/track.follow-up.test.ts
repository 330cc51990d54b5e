// A resident's follow-ups with only the tracking code: adding a note or a photo to an open case,
// urging (催办) an overdue one; through the JSON API and through the page, limited per case,
// recorded on the trail, each code acting on its own case only.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CaseEventSchema, TrackedCaseSchema } from "../schema/api/case.ts";
import { casePhoto, caseTable } from "../schema/case.ts";
import { MAX_UPLOAD_BYTES } from "../worker/photos/prepare.ts";
import { runScheduler } from "../worker/scheduler.ts";
import { actOk, fileCase } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { PHOTOS, phonePhoto, tellTales } from "./helpers/photos.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signInCast } from "./helpers/staff.ts";
import { call, db, json, sendJson } from "./helpers/worker.ts";

let people: Awaited<ReturnType<typeof signInCast>>;

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
});

const jpeg = () => new File([PHOTOS["jpeg-mpf-trailer.jpg"]], "IMG_0001.jpg", { type: "image/jpeg" });

function multipart(fields: Record<string, string | File>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

const supplementApi = (code: string, init: RequestInit) => call(`/api/v1/track/${code}/supplements`, init);
const urgeApi = (code: string) => call(`/api/v1/track/${code}/urge`, { method: "POST" });
const postPage = (code: string, what: "supplement" | "urge", body?: FormData | URLSearchParams) =>
  call(`/t/${code}/${what}`, { method: "POST", body: body ?? new URLSearchParams(), redirect: "manual" });

async function staffEvents(id: string) {
  return CaseEventSchema.array().parse((await json(await call(`/api/v1/cases/${id}/events`, { headers: people.grid }))).items);
}

/** Past its time limit by an hour, as if the scheduler had not yet run. */
async function makeOverdue(id: string) {
  await db()
    .update(caseTable)
    .set({ dueAt: new Date(Date.now() - 3600_000) })
    .where(eq(caseTable.id, id));
}

describe("POST /api/v1/track/{tracking_code}/supplements", () => {
  it("adds a note to the resident's trail, as the resident", async () => {
    const filed = await fileCase();
    const res = await supplementApi(filed.tracking_code, sendJson("POST", { note: "堆放的杂物里有煤气罐" }));
    expect(res.status).toBe(200);
    const view = TrackedCaseSchema.strict().parse(await res.json());
    expect(view.events.at(-1)).toMatchObject({
      action: "supplement",
      summary: { zh: "您补充了情况" },
      text: "堆放的杂物里有煤气罐",
      photo: false,
    });
    expect(view.allowed_actions).toEqual(["supplement"]);
    const events = await staffEvents(filed.id);
    expect(events.at(-1)).toMatchObject({
      action: "supplement",
      actor: "resident",
      public: true,
      text_public: true,
      to_status: "submitted",
    });
  });

  it("takes a photo as multipart, cleaned and stored, which the case's staff can open and others cannot", async () => {
    const filed = await fileCase();
    const res = await supplementApi(filed.tracking_code, { method: "POST", body: multipart({ note: "补一张现场照片", photo: jpeg() }) });
    expect(res.status, await res.clone().text()).toBe(200);
    const view = TrackedCaseSchema.parse(await res.json());
    expect(view.events.at(-1)).toMatchObject({ summary: { zh: "您补充了情况（附照片）" }, text: "补一张现场照片", photo: true });
    const [row] = await db().select().from(casePhoto).where(eq(casePhoto.caseId, filed.id));
    expect(row!.photoKey).toMatch(/^photos\/[0-9a-f]{64}\.jpg$/);
    expect((await staffEvents(filed.id)).at(-1)!.data).toEqual({ photo_key: row!.photoKey });

    const page = await (await call(`/staff/cases/${filed.id}`, { headers: people.grid })).text();
    const href = `/staff/cases/${filed.id}/photo?key=${encodeURIComponent(row!.photoKey)}`;
    expect(page).toContain(`<a href="${href.replaceAll("&", "&amp;")}">居民补充的照片</a>`);
    const photo = await call(href, { headers: people.grid });
    expect([photo.status, photo.headers.get("content-type")]).toEqual([200, "image/jpeg"]);
    expect(tellTales(new Uint8Array(await photo.arrayBuffer()))).toEqual([]);
    // Another grid's staff, and the key through another case of one's own grid, find nothing.
    expect((await call(href, { headers: people.otherGrid })).status).toBe(404);
    const other = await fileCase();
    expect((await call(`/staff/cases/${other.id}/photo?key=${encodeURIComponent(row!.photoKey)}`, { headers: people.grid })).status).toBe(
      404,
    );
  });

  it("refuses nothing to add, a file that is not a photo, and a case that is no longer open", async () => {
    const filed = await fileCase();
    await expectError(await supplementApi(filed.tracking_code, sendJson("POST", {})), 400, "validation_failed");
    await expectError(await supplementApi(filed.tracking_code, sendJson("POST", { note: "x" })), 400, "validation_failed");
    const nothing = await expectError(
      await supplementApi(filed.tracking_code, { method: "POST", body: multipart({}) }),
      400,
      "validation_failed",
    );
    expect(nothing.details).toEqual([{ path: "note", message: "add a note, a photo or both" }]);
    const fake = new File([new TextEncoder().encode("not a photo at all")], "x.jpg", { type: "image/jpeg" });
    const notPhoto = await expectError(
      await supplementApi(filed.tracking_code, { method: "POST", body: multipart({ photo: fake }) }),
      400,
      "validation_failed",
    );
    expect(notPhoto.details).toEqual([{ path: "photo", message: "not a JPEG, PNG, WebP or HEIC image" }]);
    await expectError(
      await supplementApi(filed.tracking_code, { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" }),
      415,
      "unsupported_media_type",
    );
    expect(await db().select().from(casePhoto).where(eq(casePhoto.caseId, filed.id))).toEqual([]);

    await actOk(filed.id, "reject", people.grid, { reason: "重复反映" });
    const closed = await expectError(
      await supplementApi(filed.tracking_code, sendJson("POST", { note: "还没解决" })),
      409,
      "invalid_transition",
    );
    expect(closed.details).toEqual({ action: "supplement", status: "rejected", level: "grid", allowed_actions: [] });
    await expectError(await supplementApi("4444444444", sendJson("POST", { note: "有人吗" })), 404, "not_found");
  });

  it("erases the photos a resident added a year after the case closed, unless another case still shows them", async () => {
    const [a, b] = [await fileCase(), await fileCase()];
    // A photo no other test here sends, so only these two cases show it.
    const pixels = await phonePhoto(71, 53);
    const photo = () => new File([pixels], "IMG_0002.jpg", { type: "image/jpeg" });
    for (const filed of [a, b]) {
      expect((await supplementApi(filed.tracking_code, { method: "POST", body: multipart({ photo: photo() }) })).status).toBe(200);
    }
    const photoKey = (await db().select().from(casePhoto).where(eq(casePhoto.caseId, a.id)))[0]!.photoKey;
    const closedAt = async (id: string) => (await db().query.caseTable.findFirst({ where: eq(caseTable.id, id) }))!.closedAt!;
    const yearAfter = (at: Date) => new Date(at.getTime() + 366 * 24 * 3600_000);
    await actOk(a.id, "reject", people.grid, { reason: "重复反映" });
    await runScheduler(db(), new Date((await closedAt(a.id)).getTime() + 364 * 24 * 3600_000), { retentionDays: 365, photos: env.PHOTOS });
    expect(await db().select().from(casePhoto).where(eq(casePhoto.caseId, a.id))).toHaveLength(1);
    const result = await runScheduler(db(), yearAfter(await closedAt(a.id)), { retentionDays: 365, photos: env.PHOTOS });
    expect(result.purged).toBeGreaterThanOrEqual(1);
    expect(await db().select().from(casePhoto).where(eq(casePhoto.caseId, a.id))).toEqual([]);
    // Case b is open and shows the same photo; case a's trail still says a photo was added, without it.
    expect(await env.PHOTOS.head(photoKey)).not.toBeNull();
    expect((await call(`/staff/cases/${a.id}/photo?key=${encodeURIComponent(photoKey)}`, { headers: people.grid })).status).toBe(404);
    expect(await (await call(`/staff/cases/${a.id}`, { headers: people.grid })).text()).not.toContain("居民补充的照片");
    expect((await staffEvents(a.id)).at(-2)!.data).toEqual({ photo_key: photoKey });
    await actOk(b.id, "reject", people.grid, { reason: "重复反映" });
    await runScheduler(db(), yearAfter(await closedAt(b.id)), { retentionDays: 365, photos: env.PHOTOS });
    expect(await db().select().from(casePhoto).where(eq(casePhoto.caseId, b.id))).toEqual([]);
    expect(await env.PHOTOS.head(photoKey)).toBeNull();
  });

  it("acts on the code's own case only", async () => {
    const [mine, theirs] = [await fileCase(), await fileCase()];
    await supplementApi(mine.tracking_code, sendJson("POST", { note: "只属于我的补充" }));
    const other = TrackedCaseSchema.parse(await json(await call(`/api/v1/track/${theirs.tracking_code}`)));
    expect(other.events.map((e) => e.action)).toEqual(["create"]);
    expect((await staffEvents(theirs.id)).map((e) => e.action)).toEqual(["create"]);
  });

  it("allows five follow-ups on a case a minute, then answers 429 with Retry-After; other cases go on", async () => {
    const filed = await fileCase();
    // The limiter counts in minute windows: keep going until it says no (a window may turn over once).
    let limited: Response | undefined;
    for (let i = 0; i < 14 && !limited; i++) {
      const res = await supplementApi(filed.tracking_code, sendJson("POST", { note: `第${i + 1}次补充` }));
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(200);
    }
    expect(limited).toBeDefined();
    expect(limited!.headers.get("retry-after")).toBe("60");
    await expectError(limited!, 429, "rate_limited");
    const page = await postPage(filed.tracking_code, "supplement", multipart({ note: "页面上再补充一次" }));
    expect(page.status).toBe(429);
    const html = await page.text();
    expect(html).toContain("提交过于频繁，请一分钟后再试");
    expect(html).toContain(">页面上再补充一次</textarea>");
    const other = await fileCase();
    expect((await supplementApi(other.tracking_code, sendJson("POST", { note: "另一件的补充" }))).status).toBe(200);
  });
});

describe("POST /api/v1/track/{tracking_code}/urge", () => {
  it("is refused until the time limit has passed, naming what the resident may do", async () => {
    const filed = await fileCase();
    const early = await expectError(await urgeApi(filed.tracking_code), 409, "invalid_transition");
    expect(early.details).toEqual({ action: "urge", status: "submitted", level: "grid", allowed_actions: ["supplement"] });
    expect(early.message).toContain("once its time limit has passed");
  });

  it("urges an overdue case: counted, on the trail as the resident's, and on the staff's trail", async () => {
    const filed = await fileCase();
    await makeOverdue(filed.id);
    const before = TrackedCaseSchema.parse(await json(await call(`/api/v1/track/${filed.tracking_code}`)));
    expect(before).toMatchObject({ overdue: true, allowed_actions: ["urge", "supplement"] });
    const res = await urgeApi(filed.tracking_code);
    expect(res.status).toBe(200);
    const view = TrackedCaseSchema.parse(await res.json());
    expect(view.events.at(-1)).toMatchObject({
      action: "urge",
      summary: { zh: "您催办了一次", en: "You asked them to hurry" },
      text: null,
    });
    const row = await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) });
    expect(row).toMatchObject({ urgeCount: 1, overdue: true });
    expect((await staffEvents(filed.id)).at(-1)).toMatchObject({ action: "urge", actor: "resident", public: true });
  });

  it("urges a case the scheduler flagged overdue, and not one that is closed", async () => {
    const filed = await fileCase({ category: "emergency", description: "楼顶水箱漏水，水流进电梯井", station_code: "JH0501V" });
    await runScheduler(db(), new Date(Date.now() + 3 * 3600_000), { photos: env.PHOTOS });
    expect((await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) }))!.overdue).toBe(true);
    expect((await urgeApi(filed.tracking_code)).status).toBe(200);
    await actOk(filed.id, "accept", people.grid);
    await actOk(filed.id, "resolve", people.grid, { resolution: "已关闭水箱阀门并维修" });
    const answered = await expectError(await urgeApi(filed.tracking_code), 409, "invalid_transition");
    expect(answered.details).toMatchObject({ allowed_actions: ["feedback"] });
  });
});

describe("the resident's forms on /t/{code}", () => {
  it("adds a note, comes back saying so, and shows it on the trail", async () => {
    const filed = await fileCase();
    const res = await postPage(filed.tracking_code, "supplement", multipart({ note: "晚上八点后杂物更多" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/t/${filed.tracking_code}?done=supplement`);
    const html = await (await call(res.headers.get("location")!)).text();
    expect(html).toContain("已收到您补充的情况");
    expect(html).toContain("您补充了情况<div>晚上八点后杂物更多</div>");
  });

  it("adds a photo from the phone's form", async () => {
    const filed = await fileCase();
    const res = await postPage(filed.tracking_code, "supplement", multipart({ note: "", photo: jpeg() }));
    expect(res.status).toBe(303);
    expect(await (await call(`/t/${filed.tracking_code}`)).text()).toContain("您补充了情况（附照片）");
    expect(await db().select().from(casePhoto).where(eq(casePhoto.caseId, filed.id))).toHaveLength(1);
  });

  it("comes back with the note kept and the problem named", async () => {
    const filed = await fileCase();
    const empty = await postPage(filed.tracking_code, "supplement", multipart({ note: "  " }));
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("请写下要补充的情况（2到2000字），或选择一张照片");
    const short = await postPage(filed.tracking_code, "supplement", multipart({ note: "嗯" }));
    expect(short.status).toBe(400);
    expect(await short.text()).toContain(">嗯</textarea>");
    const fake = new File([new TextEncoder().encode("GIF89a....")], "x.gif", { type: "image/gif" });
    const notPhoto = await postPage(filed.tracking_code, "supplement", multipart({ note: "附上照片", photo: fake }));
    expect(notPhoto.status).toBe(400);
    const html = await notPhoto.text();
    expect(html).toContain("照片须为JPEG、PNG、WebP或HEIC格式");
    expect(html).toContain(">附上照片</textarea>");
    const big = new File([new Uint8Array(MAX_UPLOAD_BYTES + 10)], "big.jpg", { type: "image/jpeg" });
    const tooBig = await postPage(filed.tracking_code, "supplement", multipart({ note: "大照片", photo: big }));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.text()).toContain("照片不能超过30MB");
    expect((await staffEvents(filed.id)).map((e) => e.action)).toEqual(["create"]);
  });

  it("urges only an overdue case, saying why not otherwise", async () => {
    const filed = await fileCase();
    const early = await postPage(filed.tracking_code, "urge");
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("还没有超过办理时限，到期仍未办结时可以催办。");
    await makeOverdue(filed.id);
    const page = await (await call(`/t/${filed.tracking_code}`)).text();
    expect(page).toContain("已超过办理时限");
    expect(page).toContain(`action="/t/${filed.tracking_code}/urge"`);
    const res = await postPage(filed.tracking_code, "urge");
    expect([res.status, res.headers.get("location")]).toEqual([303, `/t/${filed.tracking_code}?done=urge`]);
    const after = await (await call(`/t/${filed.tracking_code}?done=urge`)).text();
    expect(after).toContain("已催办，并记入办理过程。");
    expect(after).toContain("您催办了一次");
  });

  it("refuses a closed case's forms in words, and an unknown code with the not-found page", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "reject", people.grid, { reason: "不属实" });
    const res = await postPage(filed.tracking_code, "supplement", multipart({ note: "还有情况" }));
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("这件反映已不在办理中，不能再补充或催办。");
    expect((await postPage("4444444444", "urge")).status).toBe(404);
    expect((await postPage("nope", "supplement", multipart({ note: "还有情况" }))).status).toBe(404);
  });
});
