// 回访/评价 in three grades (满意 / 基本满意 / 不满意): both satisfied grades close the case and
// count as satisfied; the grade is kept on the event and shown to staff; the older yes/no works.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CaseEventSchema, TrackedCaseSchema } from "../schema/api/case.ts";
import { caseCounter } from "../schema/case.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json, keyHeaders, sendJson } from "./helpers/worker.ts";

let gridTwo: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  gridTwo = (await signIn("grid_worker", { area: "jh0502" })).headers;
});

/** A case at JH0502V (grid jh0502, which no other test here uses), answered and waiting for feedback. */
async function answered(description = "楼下早餐店占道经营") {
  const filed = await fileCase({ ...REPORT, station_code: "JH0502V", category: "dispute", description });
  await actOk(filed.id, "accept", gridTwo);
  await actOk(filed.id, "resolve", gridTwo, { resolution: "已劝导店主收回桌椅" });
  return filed;
}

const feedback = (code: string, body: unknown) => call(`/api/v1/track/${code}/feedback`, sendJson("POST", body));

async function counter(scope: string, metric: string) {
  const [row] = await db()
    .select()
    .from(caseCounter)
    .where(and(eq(caseCounter.scope, scope), eq(caseCounter.metric, metric)));
  return row?.value ?? 0;
}

describe("POST /api/v1/track/{tracking_code}/feedback with a grade", () => {
  it("closes on 满意 and 基本满意, reopens on 不满意, keeping each grade on its event", async () => {
    const expected = {
      satisfied: { status: "closed", satisfaction: "satisfied", summary: "您的评价：满意" },
      basically_satisfied: { status: "closed", satisfaction: "satisfied", summary: "您的评价：基本满意" },
      unsatisfied: { status: "in_progress", satisfaction: "unsatisfied", summary: "您的评价：不满意" },
    } as const;
    for (const [grade, want] of Object.entries(expected)) {
      const filed = await answered();
      const res = await feedback(filed.tracking_code, { grade, comment: "谢谢" });
      expect([grade, res.status]).toEqual([grade, 200]);
      const view = TrackedCaseSchema.strict().parse(await res.json());
      expect(view).toMatchObject({ status: want.status, satisfaction: want.satisfaction, grade });
      expect(view.events.at(-1)).toMatchObject({ action: "feedback", grade, text: "谢谢", summary: { zh: want.summary } });
      const events = CaseEventSchema.array().parse(
        (await json(await call(`/api/v1/cases/${filed.id}/events`, { headers: gridTwo }))).items,
      );
      expect(events.at(-1)!.data).toEqual({ satisfied: grade !== "unsatisfied", grade });
    }
  });

  it("still takes the older satisfied yes or no, and refuses a body that gives neither or contradicts itself", async () => {
    const yes = await answered();
    expect(TrackedCaseSchema.parse(await json(await feedback(yes.tracking_code, { satisfied: true }))).grade).toBe("satisfied");
    const no = await answered();
    const reopened = TrackedCaseSchema.parse(await json(await feedback(no.tracking_code, { satisfied: false })));
    expect(reopened).toMatchObject({ status: "in_progress", grade: "unsatisfied", satisfaction: "unsatisfied" });
    const both = await answered();
    expect((await feedback(both.tracking_code, { satisfied: true, grade: "basically_satisfied" })).status).toBe(200);

    const bad = await answered();
    const neither = await expectError(await feedback(bad.tracking_code, { comment: "嗯" }), 400, "validation_failed");
    expect(neither.details).toEqual([{ path: "grade", message: "give a grade" }]);
    const contradicts = await expectError(
      await feedback(bad.tracking_code, { satisfied: true, grade: "unsatisfied" }),
      400,
      "validation_failed",
    );
    expect(contradicts.details).toEqual([{ path: "satisfied", message: "satisfied does not agree with grade" }]);
    await expectError(await feedback(bad.tracking_code, { grade: "ok" }), 400, "validation_failed");
    // Refused bodies changed nothing: the case still waits for its feedback.
    expect(TrackedCaseSchema.parse(await json(await call(`/api/v1/track/${bad.tracking_code}`)))).toMatchObject({
      status: "resolved",
      allowed_actions: ["feedback"],
    });
  });
});

describe("the grades in the statistics", () => {
  it("counts 满意 and 基本满意 as satisfied in the counters and the statistics, 不满意 as feedback only", async () => {
    const [satisfiedBefore, feedbackBefore] = [await counter("jh0502", "satisfied"), await counter("jh0502", "feedback")];
    for (const grade of ["satisfied", "basically_satisfied", "unsatisfied"]) {
      const filed = await answered(`评价统计用的反映（${grade}）`);
      expect((await feedback(filed.tracking_code, { grade })).status).toBe(200);
    }
    expect((await counter("jh0502", "satisfied")) - satisfiedBefore).toBe(2);
    expect((await counter("jh0502", "feedback")) - feedbackBefore).toBe(3);
    const stats = await json(await call("/api/v1/stats?area=jh0502", { headers: await keyHeaders("cases:read") }));
    expect(stats.satisfaction_rate).toBe(
      Math.round(((await counter("jh0502", "satisfied")) / (await counter("jh0502", "feedback"))) * 1000) / 1000,
    );
    expect(await counter("xhl", "satisfied")).toBeGreaterThanOrEqual(2);
  });
});

describe("the feedback form on /t/{code} and the staff case page", () => {
  const post = (code: string, fields: Record<string, string>) =>
    call(`/t/${code}/feedback`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });

  it("offers three grades; 基本满意 closes the case, on the resident's trail and the staff's page", async () => {
    const filed = await answered();
    const page = await (await call(`/t/${filed.tracking_code}`)).text();
    for (const grade of ["satisfied", "basically_satisfied", "unsatisfied"]) expect(page).toContain(`name="grade" value="${grade}"`);
    for (const word of ["满意", "基本满意", "不满意"]) expect(page).toContain(`<span>${word}</span>`);
    const res = await post(filed.tracking_code, { grade: "basically_satisfied", comment: "清理了，但还会反弹" });
    expect([res.status, res.headers.get("location")]).toEqual([303, `/t/${filed.tracking_code}?thanks=1`]);
    const after = await (await call(`/t/${filed.tracking_code}?thanks=1`)).text();
    for (const text of ["已办结", "感谢您的评价", "您的评价：基本满意", "清理了，但还会反弹"]) expect(after).toContain(text);
    const staff = await (await call(`/staff/cases/${filed.id}`, { headers: gridTwo })).text();
    expect(staff).toContain('<strong>居民评价</strong>: <span class="badge grade-basically_satisfied">基本满意</span> 清理了，但还会反弹');
    expect(staff).toContain("居民评价 · 网格 · 基本满意");
  });

  it("comes back naming the grades when none is chosen, the comment kept, and 409 once graded", async () => {
    const filed = await answered();
    const missing = await post(filed.tracking_code, { comment: "说不清" });
    expect(missing.status).toBe(400);
    const html = await missing.text();
    expect(html).toContain("请选择满意、基本满意或不满意");
    expect(html).toContain(">说不清</textarea>");
    expect((await post(filed.tracking_code, { grade: "satisfied" })).status).toBe(303);
    const again = await post(filed.tracking_code, { grade: "satisfied" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("这件反映现在不需要评价。");
  });

  it("shows the grade in English too", async () => {
    const filed = await answered();
    await feedback(filed.tracking_code, { grade: "basically_satisfied" });
    const html = await (await call(`/t/${filed.tracking_code}?lang=en`)).text();
    expect(html).toContain("Your feedback: Mostly satisfied");
  });
});
