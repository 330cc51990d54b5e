// The resident's trail in plain words (DESIGN.md, "What residents read, what staff read"): where
// the case is and who has it, by name; hand-over reasons internal unless staff mark them; staff
// see, for each event, what the resident reads.
import { beforeAll, describe, expect, it } from "vitest";
import { CaseEventSchema, TrackedCaseSchema } from "../schema/api/case.ts";
import { caseEvent, residentReadsText } from "../schema/case.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signInCast } from "./helpers/staff.ts";
import { csrfOf, postForm } from "./helpers/staff-pages.ts";
import { call, db, json } from "./helpers/worker.ts";

let people: Awaited<ReturnType<typeof signInCast>>;

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
});

const REASONS = ["网格协调不了，物业拒不配合", "需街道综合执法", "物业拒不整改，需街道综合执法介入。", "请市场监管局核查物业收费"];
const JARGON = ["吹哨", "报到", "派单"];

/** A dispute at JH0501V taken from the grid to the market supervision bureau, each hand-over with an internal reason. */
async function upTheChain() {
  const filed = await fileCase({ ...REPORT, category: "dispute" });
  await actOk(filed.id, "accept", people.grid);
  await actOk(filed.id, "escalate", people.grid, { reason: REASONS[0] });
  await actOk(filed.id, "escalate", people.community, { reason: REASONS[1] });
  await actOk(filed.id, "whistle", people.street, { reason: REASONS[2] });
  await actOk(filed.id, "dispatch", people.district, { department_id: "market_supervision", note: REASONS[3] });
  await actOk(filed.id, "register", people.market);
  return filed;
}

async function tracked(code: string, query = "") {
  const res = await call(`/api/v1/track/${code}${query}`);
  expect(res.status).toBe(200);
  return TrackedCaseSchema.strict().parse(await res.json());
}

describe("GET /api/v1/track/{tracking_code}: the trail in plain words", () => {
  it("names the grid, community, street, district centre and department, without the workflow's terms or its reasons", async () => {
    const filed = await upTheChain();
    const view = await tracked(filed.tracking_code);
    expect(view.events.map((e) => [e.action, e.summary.zh, e.text])).toEqual([
      ["create", "已受理您的反映，交由 同心园社区第1网格 处理", null],
      ["accept", "同心园社区第1网格 已接手办理", null],
      ["escalate", "已转交 同心园社区 处理", null],
      ["escalate", "已转交 涧河街道 处理", null],
      ["whistle", "已转交 杏花岭区综治中心 处理", null],
      ["dispatch", "已交由 区市场监督管理局 办理", null],
      ["register", "区市场监督管理局 已接手办理", null],
    ]);
    expect(view.events.map((e) => e.summary.en)).toEqual([
      "Your report was received; 同心园社区第1网格 will handle it",
      "同心园社区第1网格 is working on it",
      "Passed on to 同心园社区",
      "Passed on to Jianhe Street",
      "Passed on to the Xinghualing District governance centre",
      "Handed to Market Supervision Bureau",
      "Market Supervision Bureau is working on it",
    ]);
    expect(view.handled_by).toEqual({ zh: "区市场监督管理局", en: "Market Supervision Bureau" });
    expect(view.events.at(-1)!.handled_by).toEqual(view.handled_by);
    const body = JSON.stringify(view);
    for (const word of [...JARGON, ...REASONS]) expect([word, body.includes(word)]).toEqual([word, false]);
  });

  it("shows a hand-over's reason the staff member marked for the resident, and only that one", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "escalate", people.grid, { reason: "楼道堆物涉及多户，需社区出面协调", public: true });
    await actOk(filed.id, "return", people.community, { reason: "社区内部分工调整" });
    const view = await tracked(filed.tracking_code);
    expect(view.events.map((e) => [e.summary.zh, e.text])).toEqual([
      ["已受理您的反映，交由 同心园社区第1网格 处理", null],
      ["已转交 同心园社区 处理", "楼道堆物涉及多户，需社区出面协调"],
      ["已转回 同心园社区第1网格 处理", null],
    ]);
    // Staff (and integrators with cases:read) see every text and whether the resident reads it.
    const events = CaseEventSchema.array().parse(
      (await json(await call(`/api/v1/cases/${filed.id}/events`, { headers: people.community }))).items,
    );
    expect(events.map((e) => [e.action, e.public, e.text_public, e.text])).toEqual([
      ["create", true, true, null],
      ["escalate", true, true, "楼道堆物涉及多户，需社区出面协调"],
      ["return", true, false, "社区内部分工调整"],
    ]);
  });

  it("reads events from before the mark as the resident was meant to: hand-over reasons hidden, public notes shown", async () => {
    const filed = await fileCase();
    const legacy = {
      caseId: filed.id,
      actor: "staff:1",
      toStatus: "submitted",
      public: true,
      textPublic: null,
      createdAt: new Date(),
    } as const;
    await db()
      .insert(caseEvent)
      .values([
        { ...legacy, action: "escalate", toLevel: "community", text: "旧数据里的上报理由", previousRevision: "legacy-1" },
        { ...legacy, action: "note", toLevel: "community", text: "旧数据里的公开进展", previousRevision: "legacy-2" },
        { ...legacy, action: "urge", toLevel: "community", text: "旧数据里的督办意见", previousRevision: "legacy-3" },
      ]);
    const view = await tracked(filed.tracking_code);
    expect(view.events.slice(1).map((e) => e.text)).toEqual([null, "旧数据里的公开进展", null]);
    expect(residentReadsText({ action: "resolve", public: true, textPublic: null })).toBe(true);
    expect(residentReadsText({ action: "note", public: false, textPublic: null })).toBe(false);
    expect(residentReadsText({ action: "note", public: false, textPublic: true })).toBe(false);
  });
});

describe("GET /t/{code}: the trail in plain words", () => {
  it("tells the resident who has the case, in Chinese and in English", async () => {
    const filed = await upTheChain();
    const html = await (await call(`/t/${filed.tracking_code}`)).text();
    for (const line of ["已转交 涧河街道 处理", "已交由 区市场监督管理局 办理", "区市场监督管理局 已接手办理"])
      expect(html).toContain(line);
    expect(html).toContain("<strong>当前办理</strong>: 区市场监督管理局");
    for (const word of [...JARGON, ...REASONS, "街道吹哨", "部门报到", "派单至职能部门"])
      expect([word, html.includes(word)]).toEqual([word, false]);
    const english = await (await call(`/t/${filed.tracking_code}?lang=en`)).text();
    for (const line of [
      "Passed on to Jianhe Street",
      "Handed to Market Supervision Bureau",
      "<strong>Handled by</strong>: Market Supervision Bureau",
    ])
      expect(english).toContain(line);
  });
});

describe("/staff/cases/{id}: what the resident reads", () => {
  it("offers the 'show this to the resident' box on hand-over forms, unticked", async () => {
    const filed = await fileCase();
    const html = await (await call(`/staff/cases/${filed.id}`, { headers: people.grid })).text();
    const escalate = /<summary>上报社区<\/summary>[\s\S]*?<\/form>/.exec(html)![0];
    expect(escalate).toContain('<input type="checkbox" name="public" value="true"/> <span>让居民看到这段说明</span>');
    const accept = /<summary>接单<\/summary>[\s\S]*?<\/form>/.exec(html)![0];
    expect(accept).not.toContain("让居民看到这段说明");
  });

  it("marks each event's text as internal or the resident's, and shows the line the resident reads", async () => {
    const filed = await fileCase();
    // Through the page's form, the box ticked: the resident reads the reason.
    const csrf = await csrfOf(`/staff/cases/${filed.id}`, people.grid);
    const sent = await postForm(
      `/staff/cases/${filed.id}/actions/escalate`,
      { csrf, reason: "需社区协调物业", public: "true" },
      people.grid,
    );
    expect(sent.status).toBe(303);
    await actOk(filed.id, "note", people.community, { note: "内部：该户曾多次投诉" });
    await actOk(filed.id, "escalate", people.community, { reason: "需要街道执法队" });
    const view = await tracked(filed.tracking_code);
    expect(view.events.map((e) => e.text)).toEqual([null, "需社区协调物业", null]);

    const html = await (await call(`/staff/cases/${filed.id}`, { headers: people.street })).text();
    const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) =>
      m[1]!
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    );
    const trail = items.filter((item) => /^\d{4}\/\d{2}\/\d{2}/.test(item));
    expect(trail).toHaveLength(4);
    // Every event is marked: the resident reads it (居民可见), but perhaps not its text (说明仅内部), or not at all (仅内部).
    expect(trail[0]).toMatch(/ 居民可见 居民看到：已受理您的反映/);
    expect(trail[1]).toContain("上报社区 · 社区");
    expect(trail[1]).toContain("居民可见 需社区协调物业 居民看到：已转交 同心园社区 处理");
    expect(trail[1]).not.toContain("说明仅内部");
    expect(trail[2]).toContain("仅内部 内部：该户曾多次投诉");
    expect(trail[2]).not.toContain("居民看到");
    expect(trail[3]).toContain("上报街道 · 街道");
    expect(trail[3]).toContain("居民可见 说明仅内部 需要街道执法队 居民看到：已转交 涧河街道 处理");
  });
});
