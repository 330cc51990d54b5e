// The staff case screen people act on: verbs on the buttons, a confirmation after each action,
// the place by name, every event marked for the resident or internal, and the resident's photo
// beside the photo of the result, which the resident sees on their tracking page too.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { TrackedCaseSchema } from "../schema/api/case.ts";
import { casePhoto, caseTable } from "../schema/case.ts";
import { staffActorOf } from "../worker/workflow/actor.ts";
import { performAction } from "../worker/workflow/engine.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { PHOTOS, phonePhoto, tellTales } from "./helpers/photos.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn, signInCast } from "./helpers/staff.ts";
import { csrfOf, postForm } from "./helpers/staff-pages.ts";
import { call, db, json, sendJson } from "./helpers/worker.ts";

let people: Awaited<ReturnType<typeof signInCast>>;

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
});

const page = async (path: string, headers: Record<string, string>) => (await call(path, { headers })).text();
/** The action forms' buttons, as their summaries read. */
const verbs = (html: string) => [...html.matchAll(/<summary>([^<]+)<\/summary>/g)].map((m) => m[1]);
/** The confirmation a page shows on arrival, or null. */
const confirmation = (html: string) => /<p class="ok" role="status">([^<]*)<\/p>/.exec(html)?.[1] ?? null;
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** Takes an action through the case page's form and follows the redirect, as the browser does. */
async function actOnPage(id: string, action: string, headers: Record<string, string>, fields: Record<string, string> = {}) {
  const csrf = await csrfOf(`/staff/cases/${id}`, headers);
  const res = await postForm(`/staff/cases/${id}/actions/${action}`, { csrf, ...fields }, headers);
  expect(res.status, await res.clone().text()).toBe(303);
  const location = res.headers.get("location")!;
  return { location, html: await page(location, headers) };
}

function multipart(fields: Record<string, string | File>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return body;
}

/** Resolves through the page's form with a photo of the result, multipart as the form sends it. */
async function resolveWithPhoto(id: string, headers: Record<string, string>, photo: File, resolution = "已清理楼道，恢复消防通道畅通") {
  const csrf = await csrfOf(`/staff/cases/${id}`, headers);
  return call(`/staff/cases/${id}/actions/resolve`, {
    method: "POST",
    body: multipart({ csrf, resolution, photo }),
    headers,
    redirect: "manual",
  });
}

describe("/staff/cases/{id}: verbs", () => {
  it("offers each action as a verb, one per thing to do, as the case stands", async () => {
    const filed = await fileCase();
    expect(verbs(await page(`/staff/cases/${filed.id}`, people.grid))).toEqual([
      "接单",
      "指派",
      "上报社区",
      "申请延期",
      "不予受理",
      "记录进展",
    ]);
    await actOk(filed.id, "accept", people.grid);
    const accepted = verbs(await page(`/staff/cases/${filed.id}`, people.grid));
    expect(accepted).toContain("办结并答复");
    expect(accepted).not.toContain("接单");
    await actOk(filed.id, "escalate", people.grid);
    const community = verbs(await page(`/staff/cases/${filed.id}`, people.community));
    expect(community).toEqual(expect.arrayContaining(["接单", "上报街道", "退回"]));
    await actOk(filed.id, "escalate", people.community);
    expect(verbs(await page(`/staff/cases/${filed.id}`, people.street))).toContain("吹哨");
    await actOk(filed.id, "whistle", people.street);
    expect(verbs(await page(`/staff/cases/${filed.id}`, people.district))).toContain("派单");
    await actOk(filed.id, "dispatch", people.district, { department_id: "market_supervision" });
    expect(verbs(await page(`/staff/cases/${filed.id}`, people.market))).toContain("报到");
    // No status words on a button any more.
    const html = await page(`/staff/cases/${filed.id}`, people.market);
    for (const old of ["已接单", "已答复", "部门报到", "街道吹哨"]) expect(verbs(html)).not.toContain(old);
    const english = verbs(await page(`/staff/cases/${filed.id}?lang=en`, people.market));
    expect(english).toContain("Register");
  });

  it("offers the extension's decision to the level above as two verbs", async () => {
    const filed = await fileCase();
    const due = new Date(Date.now() + 5 * 24 * 3600_000).toISOString();
    await actOk(filed.id, "extend", people.grid, { due_at: due, reason: "等待物业配合" });
    expect(verbs(await page(`/staff/cases/${filed.id}`, people.community))).toEqual(expect.arrayContaining(["批准延期", "驳回延期"]));
    expect(verbs(await page(`/staff/cases/${filed.id}`, people.grid))).not.toContain("申请延期");
  });
});

describe("/staff/cases/{id}: the confirmation after each action", () => {
  it("confirms each action after the redirect, saying where the case is now, by name", async () => {
    const filed = await fileCase();
    const steps: [string, Record<string, string>, Record<string, string>, string, string][] = [
      ["accept", people.grid, {}, "accept", "已接单：案件转为办理中"],
      ["escalate", people.grid, { reason: "需社区协调" }, "escalate_community", "已上报社区：已转交 同心园社区。"],
      ["escalate", people.community, {}, "escalate_street", "已上报街道：已转交 涧河街道。"],
      ["whistle", people.street, { reason: "多部门职责" }, "whistle", "已吹哨：已转交 杏花岭区综治中心。"],
      ["dispatch", people.district, { department_id: "market_supervision" }, "dispatch", "已派单：已交由 区市场监督管理局 办理。"],
      ["register", people.market, {}, "register", "已报到：区市场监督管理局 接手办理"],
      ["resolve", people.market, { resolution: "已责令清理" }, "resolve", "已办结并答复：等待居民评价。"],
    ];
    for (const [action, who, fields, verb, said] of steps) {
      const { location, html } = await actOnPage(filed.id, action, who, fields);
      expect(location).toBe(`/staff/cases/${filed.id}?done=${verb}`);
      expect([action, confirmation(html)]).toEqual([action, expect.stringContaining(said)]);
    }
  });

  it("confirms an assignment with the assignee's name, and an extension asked, approved and declined", async () => {
    const filed = await fileCase();
    const worker = await db().query.staff.findFirst({ where: (s, { and, eq }) => and(eq(s.role, "grid_worker"), eq(s.areaId, "jh0501")) });
    const assigned = await actOnPage(filed.id, "assign", people.grid, { assignee_id: String(worker!.id) });
    expect(confirmation(assigned.html)).toBe(`已指派：由 ${worker!.name} 负责办理。`);
    const day = new Date(Date.now() + 5 * 24 * 3600_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const asked = await actOnPage(filed.id, "extend", people.grid, { due_at: `${day}T18:00`, reason: "等待物业配合" });
    expect(asked.location).toBe(`/staff/cases/${filed.id}?done=extend_request`);
    expect(confirmation(asked.html)).toBe("已申请延期：等待上级批准。");
    const approved = await actOnPage(filed.id, "extend", people.community, { approve: "true" });
    expect(approved.location).toBe(`/staff/cases/${filed.id}?done=extend_approve`);
    expect(confirmation(approved.html)).toContain(`已批准延期：新的时限 ${day.replaceAll("-", "/")} 18:00`);
    await actOk(filed.id, "extend", people.grid, { due_at: new Date(Date.now() + 9 * 24 * 3600_000).toISOString(), reason: "再等等" });
    const declined = await actOnPage(filed.id, "extend", people.community, { approve: "false" });
    expect(declined.location).toBe(`/staff/cases/${filed.id}?done=extend_decline`);
    expect(confirmation(declined.html)).toContain("已驳回延期：时限仍为");
    const english = await page(`${declined.location}&lang=en`, people.community);
    expect(confirmation(english)).toContain("Extension declined: still due");
  });

  it("shows no confirmation for an action the trail does not have, nor for words typed into the address", async () => {
    const filed = await fileCase();
    expect(confirmation(await page(`/staff/cases/${filed.id}?done=whistle`, people.grid))).toBeNull();
    const typed = await page(`/staff/cases/${filed.id}?done=${encodeURIComponent("<b>已办结</b>")}`, people.grid);
    expect(confirmation(typed)).toBeNull();
    expect(typed).not.toContain("<b>已办结</b>");
  });

  it("confirms nothing when the action is refused, and says why instead", async () => {
    const filed = await fileCase();
    const csrf = await csrfOf(`/staff/cases/${filed.id}`, people.grid);
    const refused = await postForm(`/staff/cases/${filed.id}/actions/resolve`, { csrf, resolution: "已处理" }, people.grid);
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(confirmation(html)).toBeNull();
    expect(html).toContain("此状态下不能执行该操作。");
  });
});

describe("/staff/cases/{id}: the place and who may read what", () => {
  it("names the place along its areas and the station, never the raw path", async () => {
    const filed = await fileCase({ ...REPORT, micro_grid_id: "jh0501-03" });
    const html = await page(`/staff/cases/${filed.id}`, people.grid);
    const place = textOf(/<p class="place">([\s\S]*?)<\/p>/.exec(html)![1]!);
    expect(place).toBe("地点 : 涧河街道 › 同心园社区 › 同心园社区第1网格 › 3号楼 · 微站 同心园社区第1网格党群服务微站 JH0501V");
    expect(html).not.toContain("/xhl/jh/jh05/jh0501/");
    const address = await fileCase({ category: "dispute", description: "小区门口占道经营，影响通行", address: "杏花岭区胜利街12号" });
    const atDistrict = textOf(/<p class="place">([\s\S]*?)<\/p>/.exec(await page(`/staff/cases/${address.id}`, people.district))![1]!);
    expect(atDistrict).toBe("地点 : 杏花岭区 · 地址 杏花岭区胜利街12号");
  });

  it("marks every event as the resident's or internal", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "note", people.grid, { note: "已电话联系住户", public: true });
    await actOk(filed.id, "note", people.grid, { note: "住户情绪激动，注意沟通" });
    const html = await page(`/staff/cases/${filed.id}`, people.grid);
    const trail = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!)).filter((item) => /^\d{4}\//.test(item));
    expect(trail).toHaveLength(3);
    expect(trail[0]).toMatch(/ · 上报 · 网格 · .* 居民可见 居民看到：已受理您的反映/);
    expect(trail[1]).toContain("记录进展 · 网格");
    expect(trail[1]).toContain("居民可见 已电话联系住户 居民看到：办理进展");
    expect(trail[2]).toContain("仅内部 住户情绪激动，注意沟通");
  });
});

describe("/staff/cases/{id}: the resident's photo and the photo of the result", () => {
  it("stores the result photo cleaned, shows it beside the resident's, and to the resident while answered", async () => {
    const filed = await fileCase();
    // The resident's "before", added with the tracking code.
    const before = await call(`/api/v1/track/${filed.tracking_code}/supplements`, {
      method: "POST",
      body: multipart({ photo: new File([PHOTOS["png-text-exif.png"]], "before.png", { type: "image/png" }) }),
    });
    expect(before.status).toBe(200);
    await actOk(filed.id, "accept", people.grid);
    // A phone's photo of the result: 3000×2000 pixels, its GPS position in the EXIF, 2 MB (over the forms' 64 KB).
    const after = new File([await phonePhoto(3000, 2000, 2 * 1024 * 1024)], "IMG_2001.jpg", { type: "image/jpeg" });
    const res = await resolveWithPhoto(filed.id, people.grid, after);
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get("location")).toBe(`/staff/cases/${filed.id}?done=resolve`);

    const photos = await db().select().from(casePhoto).where(eq(casePhoto.caseId, filed.id));
    expect(photos).toHaveLength(2);
    const events = (await json(await call(`/api/v1/cases/${filed.id}/events`, { headers: people.grid }))).items;
    const resultKey = events.at(-1).data.photo_key as string;
    expect(events.at(-1)).toMatchObject({ action: "resolve", public: true });
    expect(resultKey).toMatch(/^photos\/[0-9a-f]{64}\.jpg$/);
    const stored = await env.PHOTOS.get(resultKey);
    const bytes = new Uint8Array(await stored!.arrayBuffer());
    expect(tellTales(bytes)).toEqual([]);
    expect(bytes.length).toBeLessThan(1024 * 1024);

    // Staff: before and after side by side, each photo served to staff of the case.
    const html = await page(`/staff/cases/${filed.id}`, people.grid);
    const sides = /<div class="sides">([\s\S]*?)<\/div>/.exec(html)![1]!;
    const beforeSide = /<figure class="side before">([\s\S]*?)<\/figure>/.exec(sides)![1]!;
    const afterSide = /<figure class="side after">([\s\S]*?)<\/figure>/.exec(sides)![1]!;
    const resultHref = `/staff/cases/${filed.id}/photo?key=${encodeURIComponent(resultKey)}`;
    expect(afterSide).toContain(`<img src="${resultHref}"`);
    expect(beforeSide).toContain("<img src=");
    expect(beforeSide).not.toContain(resultHref);
    const served = await call(resultHref, { headers: people.grid });
    expect([served.status, served.headers.get("content-type")]).toEqual([200, "image/jpeg"]);
    expect((await call(resultHref, { headers: people.otherGrid })).status).toBe(404);

    // The resident: the answer with its photo, on the page and in the API.
    const view = TrackedCaseSchema.parse(await json(await call(`/api/v1/track/${filed.tracking_code}`)));
    expect(view.result_photo_url).toBe(`/t/${filed.tracking_code}/result-photo`);
    expect(view.events.at(-1)).toMatchObject({ summary: { zh: "已答复（附办理结果照片）" }, photo: true });
    const tracking = await (await call(`/t/${filed.tracking_code}`)).text();
    expect(tracking).toContain(`<img class="result-photo" src="/t/${filed.tracking_code}/result-photo" alt="办理结果照片"`);
    const shown = await call(`/t/${filed.tracking_code}/result-photo`);
    expect([shown.status, shown.headers.get("content-type")]).toEqual([200, "image/jpeg"]);
    expect(new Uint8Array(await shown.arrayBuffer())).toEqual(bytes);

    // Not satisfied: reopened, the old result is not the answer any more.
    await call(`/api/v1/track/${filed.tracking_code}/feedback`, sendJson("POST", { grade: "unsatisfied", comment: "没有清理干净" }));
    const reopened = TrackedCaseSchema.parse(await json(await call(`/api/v1/track/${filed.tracking_code}`)));
    expect(reopened.result_photo_url).toBeNull();
    expect((await call(`/t/${filed.tracking_code}/result-photo`)).status).toBe(404);
  });

  it("serves a result photo only under its own case's tracking code", async () => {
    const mine = await fileCase();
    await actOk(mine.id, "accept", people.grid);
    expect((await resolveWithPhoto(mine.id, people.grid, new File([PHOTOS["jpeg-progressive.jpg"]], "a.jpg"))).status).toBe(303);
    const other = await fileCase();
    await actOk(other.id, "accept", people.grid);
    await actOk(other.id, "resolve", people.grid, { resolution: "已处理" });
    expect((await call(`/t/${mine.tracking_code}/result-photo`)).status).toBe(200);
    expect((await call(`/t/${other.tracking_code}/result-photo`)).status).toBe(404);
    expect((await call("/t/AAAAAAAAAA/result-photo")).status).toBe(404);
  });

  it("takes no photo from staff of another grid, nor on another action, nor a key named in the API", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "accept", people.grid);
    const photo = () => new File([PHOTOS["webp-exif.webp"]], "x.webp", { type: "image/webp" });
    // Another grid's worker: the case is not told apart from none, and nothing is stored.
    const csrf = await csrfOf("/staff", people.otherGrid);
    const stranger = await call(`/staff/cases/${filed.id}/actions/resolve`, {
      method: "POST",
      body: multipart({ csrf, resolution: "越权办结", photo: photo() }),
      headers: people.otherGrid,
      redirect: "manual",
    });
    expect(stranger.status).toBe(404);
    expect(await db().select().from(casePhoto).where(eq(casePhoto.caseId, filed.id))).toEqual([]);
    // The photo is stored only after the checks: the domain never calls for it when they fail.
    let stored = 0;
    const store = async () => {
      stored++;
      return "photos/never.jpg";
    };
    const otherGrid = staffActorOf((await signIn("grid_worker", { area: "jh0502" })).staff);
    await expect(performAction(db(), otherGrid, filed.id, "resolve", { resolution: "越权" }, new Date(), store)).rejects.toMatchObject({
      code: "not_found",
    });
    const own = staffActorOf((await signIn("grid_worker", { area: "jh0501" })).staff);
    await expect(performAction(db(), own, filed.id, "note", { note: "带照片的备注" }, new Date(), store)).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(performAction(db(), own, filed.id, "assign", {}, new Date(), store)).rejects.toMatchObject({ code: "validation_failed" });
    expect(stored).toBe(0);
    // A photo sent with another action's form is refused with the field named.
    const note = await call(`/staff/cases/${filed.id}/actions/note`, {
      method: "POST",
      body: multipart({ csrf: await csrfOf(`/staff/cases/${filed.id}`, people.grid), note: "看照片", photo: photo() }),
      headers: people.grid,
      redirect: "manual",
    });
    expect(note.status).toBe(400);
    expect(await note.text()).toContain("只有办结时可以附照片");
    // The API takes no photo key: a key named by a client could show another case's photo.
    const api = await call(
      `/api/v1/cases/${filed.id}/actions/resolve`,
      sendJson("POST", { resolution: "已处理", photo_key: "photos/someone-else.jpg" }, people.grid),
    );
    await expectError(api, 400, "validation_failed");
    expect((await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) }))!.status).toBe("in_progress");
  });

  it("refuses a file that is not a photo, keeping the case as it was", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "accept", people.grid);
    const fake = new File([new TextEncoder().encode("not a photo at all")], "x.jpg", { type: "image/jpeg" });
    const res = await resolveWithPhoto(filed.id, people.grid, fake);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("照片：须为JPEG、PNG、WebP或HEIC格式");
    expect((await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) }))!.status).toBe("in_progress");
  });
});
