import { beforeAll, describe, expect, it } from "vitest";
import { DepartmentSchema } from "../schema/api/department.ts";
import { DEPARTMENTS } from "../scripts/seed/generate.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, json } from "./helpers/worker.ts";

beforeAll(seedDemo);

describe("GET /api/v1/departments", () => {
  it("lists every active department by id, public", async () => {
    const res = await call("/api/v1/departments");
    expect(res.status).toBe(200);
    const items = DepartmentSchema.array().parse((await json(res)).items);
    expect(items.map((d) => d.id)).toEqual(DEPARTMENTS.map((d) => d.id).sort());
    expect(items.find((d) => d.id === "market_supervision")).toEqual({
      id: "market_supervision",
      name: "区市场监督管理局",
      name_en: "Market Supervision Bureau",
      phone: "0351-12315",
    });
  });
});
