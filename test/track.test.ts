import { beforeAll, describe, expect, it } from "vitest";
import { TrackedCaseSchema } from "../schema/api/case.ts";
import { actOk, fileCase } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, sendJson } from "./helpers/worker.ts";

let grid: Record<string, string>;
beforeAll(async () => {
  await seedDemo();
  grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
});

describe("GET /api/v1/track/{tracking_code}", () => {
  it("shows status and level in plain words, and nothing personal", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "note", grid, { note: "内部备注：住户情绪激动" });
    const res = await call(`/api/v1/track/${filed.tracking_code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = TrackedCaseSchema.strict().parse(await res.json());
    expect(body).toMatchObject({
      tracking_code: filed.tracking_code,
      category: "safety_hazard",
      category_name: { zh: "安全隐患", en: "Safety hazard" },
      status: "submitted",
      status_text: { zh: "已受理，待处理", en: "Received, waiting to be handled" },
      level_text: { zh: "网格", en: "your grid team" },
      can_give_feedback: false,
    });
    expect(body.events).toHaveLength(1);
    const text = JSON.stringify(body);
    for (const secret of ["王女士", "13812345678", "138****5678", "内部备注", filed.id]) expect(text).not.toContain(secret);
  });

  it("accepts the code in lower case and with a dash, and answers 404 / 400 otherwise", async () => {
    const filed = await fileCase();
    const loose = `${filed.tracking_code.slice(0, 5).toLowerCase()}-${filed.tracking_code.slice(5)}`;
    expect((await call(`/api/v1/track/${loose}`)).status).toBe(200);
    await expectError(await call("/api/v1/track/4444444444"), 404, "not_found");
    await expectError(await call("/api/v1/track/short"), 400, "validation_failed");
  });
});

describe("POST /api/v1/track/{tracking_code}/feedback", () => {
  it("is refused until the case is answered", async () => {
    const filed = await fileCase();
    const error = await expectError(
      await call(`/api/v1/track/${filed.tracking_code}/feedback`, sendJson("POST", { satisfied: true })),
      409,
      "invalid_transition",
    );
    expect(error.message).toContain("once the case is answered");
  });

  it("takes feedback once", async () => {
    const filed = await fileCase();
    await actOk(filed.id, "accept", grid);
    await actOk(filed.id, "resolve", grid, { resolution: "已处理" });
    const url = `/api/v1/track/${filed.tracking_code}/feedback`;
    expect((await call(url, sendJson("POST", { satisfied: true, comment: "很及时" }))).status).toBe(200);
    await expectError(await call(url, sendJson("POST", { satisfied: false })), 409, "invalid_transition");
    await expectError(await call(url, sendJson("POST", { satisfied: "yes" })), 400, "validation_failed");
  });
});
