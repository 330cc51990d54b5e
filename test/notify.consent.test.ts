// The resident's consent (办结后短信告诉我): off by default, only with a number, kept with the case,
// erased with the number at retention.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { runScheduler } from "../worker/scheduler.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { formToken, postReport as sendReport } from "./helpers/forms.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, keyHeaders, sendJson } from "./helpers/worker.ts";

beforeAll(seedDemo);

let sequence = 0;
const postReport = (fields: Record<string, string>) => sendReport("JH0501V", fields, { "cf-connecting-ip": `203.0.113.${++sequence}` });

async function valid(overrides: Record<string, string> = {}) {
  return { token: await formToken(), category: "safety_hazard", description: `电梯异响，存在安全隐患（${++sequence}）`, ...overrides };
}

async function caseFrom(res: Response) {
  expect(res.status, await res.clone().text()).toBe(303);
  const code = res.headers.get("location")!.slice(3, 13);
  return (await db().query.caseTable.findFirst({ where: eq(caseTable.trackingCode, code) }))!;
}

describe("the report form's SMS consent", () => {
  it("offers the box unticked, in both languages", async () => {
    const zh = await (await call("/s/JH0501V")).text();
    expect(zh).toMatch(/<input id="notify" name="notify" type="checkbox" value="1"\/?>\s*办结后短信告诉我/);
    const en = await (await call("/s/JH0501V?lang=en")).text();
    expect(en).toContain("Text me when it is resolved");
  });

  it("keeps the wish with the case when ticked with a number; unticked, the case does not ask", async () => {
    const asked = await caseFrom(await postReport(await valid({ phone: "13912345678", notify: "1" })));
    expect([asked.reporterPhone, asked.notifyResident]).toEqual(["13912345678", true]);
    const plain = await caseFrom(await postReport(await valid({ phone: "13912345679" })));
    expect([plain.reporterPhone, plain.notifyResident]).toEqual(["13912345679", false]);
  });

  it("ticked without a number: the form comes back naming the problem, the box and the text kept", async () => {
    const fields = await valid({ notify: "1", name: "李先生" });
    const res = await postReport(fields);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<a href="#notify">要短信告知结果，请填写手机号，或不勾选此项</a>');
    expect(html).toMatch(/<input id="notify" name="notify" type="checkbox" value="1" checked=""[^>]*aria-invalid="true"/);
    expect(html).toContain(fields.description);
    expect(html).toContain('value="李先生"');
    const body = new FormData();
    for (const [name, value] of Object.entries({ ...(await valid({ notify: "1" })), confirm_new: "1" })) body.append(name, value);
    const en = await call("/s/JH0501V/report?lang=en", { method: "POST", body, headers: { "cf-connecting-ip": "203.0.113.200" } });
    expect(await en.text()).toContain("To be told by text, give a mobile number, or untick this box");
  });

  it("is taken by the API too: reporter.notify, with a phone", async () => {
    const asked = await fileCase({ ...REPORT, reporter: { ...REPORT.reporter, notify: true } });
    expect((await db().query.caseTable.findFirst({ where: eq(caseTable.id, asked.id) }))!.notifyResident).toBe(true);
    const plain = await fileCase();
    expect((await db().query.caseTable.findFirst({ where: eq(caseTable.id, plain.id) }))!.notifyResident).toBe(false);
    const res = await call(
      "/api/v1/cases",
      sendJson("POST", { ...REPORT, reporter: { name: "王女士", notify: true } }, await keyHeaders("cases:write")),
    );
    const error = await expectError(res, 400, "validation_failed");
    expect(error.details).toEqual([expect.objectContaining({ path: "reporter.notify", message: "notify needs a phone" })]);
  });

  it("is erased with the number at retention", async () => {
    const filed = await caseFrom(await postReport(await valid({ phone: "13912345670", notify: "1" })));
    await actOk(filed.id, "reject", (await signIn("grid_worker", { area: "jh0501" })).headers, { reason: "重复" });
    const closedAt = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) }))!.closedAt!;
    await runScheduler(db(), new Date(closedAt.getTime() + 366 * 24 * 3600_000), { retentionDays: 365, photos: env.PHOTOS });
    const after = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) }))!;
    expect([after.reporterPhone, after.notifyResident]).toEqual([null, false]);
  });
});
