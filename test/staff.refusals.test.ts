import { beforeAll, describe, expect, it } from "vitest";
import { STAFF_MESSAGES } from "../portal/staff/messages.ts";
import { fieldsText, refusalText } from "../portal/staff/refusal.ts";
import { CASE_ACTIONS } from "../schema/constants.ts";
import { DomainError, ERROR_CODES } from "../worker/domain-error.ts";
import { actOk, fileCase } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn, signInCast } from "./helpers/staff.ts";
import { csrfOf, postForm } from "./helpers/staff-pages.ts";
import { call } from "./helpers/worker.ts";

/** Four English words in a row: a sentence that should have been Chinese. */
const ENGLISH_SENTENCE = /[A-Za-z]{2,}(?:[ '’-]+[A-Za-z]{2,}){3,}/;

/** The words a visitor reads: the page without its style, scripts, tags and attributes. */
function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ");
}

const FIELDS = Object.keys(STAFF_MESSAGES.zh.refusals.fields);

describe("refusals on staff pages", () => {
  it("has a Chinese sentence for every code and field, and names the allowed actions", () => {
    for (const code of ERROR_CODES) {
      const error = new DomainError(code, "An English sentence for developers only.", {
        details:
          code === "invalid_transition"
            ? { allowed_actions: [...CASE_ACTIONS] }
            : FIELDS.map((path) => ({ path, message: "an English reason" })),
      });
      const zh = refusalText(error, "zh");
      expect([code, zh]).not.toEqual([code, expect.stringMatching(ENGLISH_SENTENCE)]);
      expect(zh).not.toContain("English");
      const en = refusalText(error, "en");
      expect([code, en]).not.toEqual([code, expect.stringMatching(/[\u4e00-\u9fff]/)]);
    }
    const refused = new DomainError("invalid_transition", "x", { details: { allowed_actions: ["accept", "return"] } });
    expect(refusalText(refused, "zh")).toBe("此状态下不能执行该操作。 现在可以：接单、退回");
    expect(refusalText(new DomainError("invalid_transition", "x", { details: { allowed_actions: [] } }), "zh")).toBe(
      "此状态下不能执行该操作。 现在没有可执行的操作。",
    );
    expect(fieldsText(["due_at", "unknown_field", "due_at"], "zh")).toBe(
      "填写的内容有误，请修改后再提交。 新的办理时限：须晚于当前时限，且不超过30天后。",
    );
  });

  describe("as rendered", () => {
    let people: Awaited<ReturnType<typeof signInCast>>;
    let admin: Record<string, string>;
    beforeAll(async () => {
      await seedDemo();
      people = await signInCast();
      admin = (await signIn("admin")).headers;
    });

    async function expectChinese(res: Response, status: number, words: string) {
      const text = visibleText(await res.text());
      expect(res.status).toBe(status);
      expect(text).toContain(words);
      expect(ENGLISH_SENTENCE.exec(text)?.[0] ?? null).toBeNull();
    }

    it("tells a refused case action in Chinese", async () => {
      const id = (await fileCase()).id;
      await actOk(id, "accept", people.grid);
      const csrf = await csrfOf(`/staff/cases/${id}`, people.grid);
      // A resolve without its answer (the domain's validation), a reason too short (the form's).
      await expectChinese(await postForm(`/staff/cases/${id}/actions/resolve`, { csrf }, people.grid), 400, "答复内容：请填写2到2000字。");
      await expectChinese(await postForm(`/staff/cases/${id}/actions/escalate`, { csrf, reason: "x" }, people.grid), 400, "理由：");
      // Registering is a department's: the grid worker is refused and told what is possible.
      await expectChinese(await postForm(`/staff/cases/${id}/actions/register`, { csrf }, people.grid), 409, "此状态下不能执行该操作。");
      // Another grid's worker does not see the case at all.
      const otherCsrf = await csrfOf("/staff", people.otherGrid);
      await expectChinese(
        await postForm(`/staff/cases/${id}/actions/accept`, { csrf: otherCsrf }, people.otherGrid),
        404,
        "没有找到，或不在您的职责范围内。",
      );
    });

    it("tells a refused admin form in Chinese", async () => {
      const csrf = await csrfOf("/staff/admin", admin);
      const fields = {
        csrf,
        name: "新网格员",
        phone: "13700009876",
        role: "grid_worker",
        area: "/xhl/zz/",
        password: "a good long password",
      };
      await expectChinese(await postForm("/staff/admin/staff", fields, admin), 400, "区域：没有这个区域。");
      await expectChinese(
        await postForm("/staff/admin/staff", { ...fields, area: "/xhl/jh/jh05/jh0502/", password: "short" }, admin),
        400,
        "密码：至少10个字符。",
      );
    });

    it("tells an area outside the dashboard's reach in Chinese", async () => {
      await expectChinese(await call("/staff?area=/xhl/zz/", { headers: people.street }), 403, "这超出了您的职责范围。");
      await expectChinese(await call("/staff/cases?area=/xhl/zz/", { headers: people.grid }), 403, "这超出了您的职责范围。");
    });
  });
});
