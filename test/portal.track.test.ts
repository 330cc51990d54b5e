import { beforeAll, describe, expect, it } from "vitest";
import { actOk, fileCase } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call } from "./helpers/worker.ts";

let grid: Record<string, string>;
beforeAll(async () => {
  await seedDemo();
  grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
});

describe("GET /t/{code}", () => {
  it("shows status, level and the public timeline, never the reporter's number or internal notes", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "accept", grid);
    await actOk(filed.id, "note", grid, { note: "内部：该户与物业有旧怨" });
    await actOk(filed.id, "note", grid, { note: "明早九点上门查看", public: true });
    const res = await call(`/t/${filed.tracking_code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    for (const text of ["办理进度", "办理中", "同心园社区第1网格", "已受理您的反映", "已接手办理", "明早九点上门查看", "办理时限"])
      expect(html).toContain(text);
    for (const secret of ["13812345678", "138****5678", "王女士", "旧怨"]) expect(html).not.toContain(secret);
    // While it is open and not overdue the resident may add to it, not urge or grade it.
    expect(html).toContain(`action="/t/${filed.tracking_code}/supplement"`);
    expect(html).not.toContain(`action="/t/${filed.tracking_code}/urge"`);
    expect(html).not.toContain(`action="/t/${filed.tracking_code}/feedback"`);
  });

  it("offers feedback once answered: not satisfied reopens, satisfied closes", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "accept", grid);
    await actOk(filed.id, "resolve", grid, { resolution: "杂物已清理完毕" });
    const page = await (await call(`/t/${filed.tracking_code}`)).text();
    expect(page).toContain(`action="/t/${filed.tracking_code}/feedback"`);
    expect(page).toContain("杂物已清理完毕");

    const post = (fields: Record<string, string>) =>
      call(`/t/${filed.tracking_code}/feedback`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
    const missing = await post({ comment: "嗯" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain(">嗯</textarea>");
    const unhappy = await post({ satisfied: "no", comment: "还有一些没清" });
    expect(unhappy.status).toBe(303);
    expect(unhappy.headers.get("location")).toBe(`/t/${filed.tracking_code}?thanks=1`);
    expect(await (await call(`/t/${filed.tracking_code}`)).text()).toContain("办理中");
    await actOk(filed.id, "resolve", grid, { resolution: "已全部清理" });
    expect((await post({ satisfied: "yes" })).status).toBe(303);
    const closed = await (await call(`/t/${filed.tracking_code}?thanks=1`)).text();
    expect(closed).toContain("已办结");
    expect(closed).toContain("感谢您的评价");
    expect((await post({ satisfied: "yes" })).status).toBe(409);
  });

  it("answers unknown codes with a 404 page", async () => {
    for (const code of ["AAAAAAAAAA", "x", "-"]) {
      const res = await call(`/t/${code}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("没有这个查询码的记录");
    }
  });
});
