import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CaseEventSchema, TrackedCaseSchema } from "../schema/api/case.ts";
import { caseEvent, caseTable } from "../schema/case.ts";
import { act, actOk, fileCase } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn, signInCast } from "./helpers/staff.ts";
import { csrfOf, postForm } from "./helpers/staff-pages.ts";
import { call, db, json } from "./helpers/worker.ts";

// 督办: the district puts a case under supervision with a reason and lifts it; the case carries
// the mark (written in the batch of its event), every list and the case page show it, and the
// supervised cases are listed together.

let people: Awaited<ReturnType<typeof signInCast>>;
let admin: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
  admin = (await signIn("admin")).headers;
});

const events = async (id: string) =>
  (await json(await call(`/api/v1/cases/${id}/events`, { headers: people.district }))).items.map((e: unknown) => CaseEventSchema.parse(e));
const tracked = async (code: string) => TrackedCaseSchema.parse(await json(await call(`/api/v1/track/${code}`)));
const MARK = '<span class="badge supervised">督办</span>';

describe("supervise and lift_supervision", () => {
  it("are the district's: the case keeps when and why, and the trail an internal event", async () => {
    const filed = await fileCase();
    const supervised = await actOk(filed.id, "supervise", people.district, { reason: "群众反映强烈，区里挂牌督办" });
    expect(supervised.supervision).toEqual({ since: expect.any(String), reason: "群众反映强烈，区里挂牌督办" });
    const row = await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) });
    expect(row?.supervisedAt?.toISOString()).toBe(supervised.supervision!.since);
    expect(row?.supervisionReason).toBe("群众反映强烈，区里挂牌督办");
    // The holder's status and level are untouched; the event records the reason, internal.
    expect([supervised.status, supervised.level]).toEqual(["submitted", "grid"]);
    const last = (await events(filed.id)).at(-1)!;
    expect(last).toMatchObject({ action: "supervise", text: "群众反映强烈，区里挂牌督办", public: false });
    expect((await tracked(filed.tracking_code)).events.map((e) => e.action)).not.toContain("supervise");
    // Once is enough: a supervised case cannot be supervised again, only lifted.
    await expectError(await act(filed.id, "supervise", people.district, { reason: "再次督办" }), 409, "invalid_transition");
    expect(supervised.allowed_actions).toContain("lift_supervision");

    const lifted = await actOk(filed.id, "lift_supervision", people.district, { reason: "已按期整改" });
    expect(lifted.supervision).toBeNull();
    expect((await events(filed.id)).at(-1)).toMatchObject({ action: "lift_supervision", text: "已按期整改", public: false });
    expect(lifted.allowed_actions).toContain("supervise");
  });

  it("needs a reason", async () => {
    const filed = await fileCase();
    await expectError(await act(filed.id, "supervise", people.district, {}), 400, "validation_failed");
  });

  it("put on the resident's trail in plain words only when marked public", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "supervise", people.district, { reason: "区里要求三日内办结", public: true });
    const view = await tracked(filed.tracking_code);
    expect(view.events.at(-1)).toMatchObject({ action: "supervise", text: "区里要求三日内办结" });
    expect(view.events.at(-1)!.summary.zh).toBe("区里已督办此事，要求加快办理");
  });

  it("are refused to everyone below the district, and to staff who cannot see the case", async () => {
    const filed = await fileCase();
    for (const who of ["grid", "community", "street"] as const) {
      const res = await act(filed.id, "supervise", people[who], { reason: "越级督办" });
      await expectError(res, 409, "invalid_transition");
    }
    for (const who of ["otherGrid", "otherCommunity", "market"] as const) {
      await expectError(await act(filed.id, "supervise", people[who], { reason: "越权督办" }), 404, "not_found");
    }
    await actOk(filed.id, "supervise", admin, { reason: "管理员督办" });
    await expectError(await act(filed.id, "lift_supervision", people.street, {}), 409, "invalid_transition");
    await expectError(await act(filed.id, "lift_supervision", people.otherGrid, {}), 404, "not_found");
    const row = await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) });
    expect(row?.supervisionReason).toBe("管理员督办");
  });

  it("keeps the mark on a case that is finished until the district lifts it", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "supervise", people.district, { reason: "督办后办结" });
    await actOk(filed.id, "accept", people.grid);
    const resolved = await actOk(filed.id, "resolve", people.grid, { resolution: "已处理" });
    expect(resolved.supervision?.reason).toBe("督办后办结");
    const lifted = await actOk(filed.id, "lift_supervision", people.district);
    expect(lifted.supervision).toBeNull();
    // Not put under supervision once answered.
    await expectError(await act(filed.id, "supervise", people.district, { reason: "已答复的案件" }), 409, "invalid_transition");
  });
});

describe("the mark and the 督办 list", () => {
  it("shows on the queue, the case list, the case page and the list of supervised cases, for those in scope only", async () => {
    const filed = await fileCase({
      category: "dispute",
      description: "督办标记测试：邻里噪音纠纷",
      station_code: "JH0501V",
    });
    const plain = await fileCase({ category: "dispute", description: "督办标记测试：未督办的案件", station_code: "JH0501V" });
    await actOk(filed.id, "supervise", people.district, { reason: "标记测试的督办理由" });

    const line = (html: string, id: string) => {
      const at = html.indexOf(`/staff/cases/${id}"`);
      expect(at, id).toBeGreaterThan(-1);
      return html.slice(at, html.indexOf("</li>", at));
    };
    const queue = await (await call("/staff", { headers: people.grid })).text();
    expect(line(queue, filed.id)).toContain(MARK);
    expect(line(queue, plain.id)).not.toContain(MARK);
    const list = await (await call("/staff/cases", { headers: people.grid })).text();
    expect(line(list, filed.id)).toContain(MARK);
    expect(line(list, plain.id)).not.toContain(MARK);
    const page = await (await call(`/staff/cases/${filed.id}`, { headers: people.grid })).text();
    expect(page).toContain(MARK);
    expect(page).toContain("标记测试的督办理由");

    for (const who of ["district", "street", "community", "grid"] as const) {
      const html = await (await call("/staff/supervised", { headers: people[who] })).text();
      expect(html, who).toContain(`/staff/cases/${filed.id}"`);
      expect(html, who).not.toContain(`/staff/cases/${plain.id}"`);
      expect(html, who).toContain("标记测试的督办理由");
    }
    for (const who of ["otherGrid", "otherCommunity", "market"] as const) {
      const res = await call("/staff/supervised", { headers: people[who] });
      expect(res.status, who).toBe(200);
      expect(await res.text(), who).not.toContain(filed.id);
    }
    expect((await call("/staff/supervised", { redirect: "manual" })).status).toBe(303);
  });

  it("is offered on the case page to the district only, as a form that puts the case under supervision", async () => {
    const filed = await fileCase();
    const districtPage = await (await call(`/staff/cases/${filed.id}`, { headers: people.district })).text();
    expect(districtPage).toContain(`/staff/cases/${filed.id}/actions/supervise"`);
    const gridPage = await (await call(`/staff/cases/${filed.id}`, { headers: people.grid })).text();
    expect(gridPage).not.toContain("/actions/supervise");
    const csrf = await csrfOf(`/staff/cases/${filed.id}`, people.district);
    const res = await postForm(`/staff/cases/${filed.id}/actions/supervise`, { csrf, reason: "页面上督办" }, people.district);
    expect(res.status).toBe(303);
    const stored = await db().select().from(caseEvent).where(eq(caseEvent.caseId, filed.id));
    expect(stored.at(-1)).toMatchObject({ action: "supervise", text: "页面上督办", public: false, textPublic: false });
    // Without a reason the form comes back naming it.
    const other = await fileCase();
    const bad = await postForm(
      `/staff/cases/${other.id}/actions/supervise`,
      { csrf: await csrfOf(`/staff/cases/${other.id}`, people.district) },
      people.district,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("理由");
  });
});
