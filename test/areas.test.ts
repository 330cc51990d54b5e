import { beforeAll, describe, expect, it } from "vitest";
import { AreaDetailSchema, AreaSchema } from "../schema/api/area.ts";
import { pageOf } from "../schema/api/pagination.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, json } from "./helpers/worker.ts";

const AreaPage = pageOf(AreaSchema, "AreaPage");

beforeAll(seedDemo);

describe("GET /api/v1/areas", () => {
  it("lists the top level when no parent is given", async () => {
    const res = await call("/api/v1/areas");
    expect(res.status).toBe(200);
    const page = AreaPage.parse(await res.json());
    expect(page).toEqual({
      items: [
        {
          id: "xhl",
          parent_id: null,
          level: "district",
          name: "杏花岭区",
          name_en: "Xinghualing District",
          path: "/xhl/",
          households: null,
        },
      ],
      next_cursor: null,
    });
  });

  it("lists the children of an area", async () => {
    const page = AreaPage.parse(await json(await call("/api/v1/areas?parent=jh")));
    expect(page.items.map((a) => a.id)).toEqual(["jh01", "jh02", "jh03", "jh04", "jh05"]);
    expect(page.items.every((a) => a.level === "community" && a.parent_id === "jh")).toBe(true);
    expect(page.items.find((a) => a.id === "jh05")?.name).toBe("同心园社区");
  });

  it("pages through children without skipping or repeating", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page = AreaPage.parse(await json(await call(`/api/v1/areas?parent=jh0501&limit=3${query}`)));
      seen.push(...page.items.map((a) => a.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(["jh0501-01", "jh0501-02", "jh0501-03", "jh0501-04", "jh0501-05", "jh0501-06", "jh0501-07"]);
  });

  it("answers an empty page for a leaf", async () => {
    expect(await json(await call("/api/v1/areas?parent=jh0501-01"))).toEqual({ items: [], next_cursor: null });
  });

  it("rejects a limit out of range and a forged cursor", async () => {
    const tooBig = await expectError(await call("/api/v1/areas?limit=500"), 400, "validation_failed");
    expect(tooBig.details).toEqual([expect.objectContaining({ path: "limit" })]);
    const forged = await expectError(await call("/api/v1/areas?cursor=not-a-cursor"), 400, "validation_failed");
    expect(forged.details).toEqual([{ path: "cursor", message: "pass back a next_cursor unchanged" }]);
  });
});

describe("GET /api/v1/areas/{id}", () => {
  it("returns the area with its ancestors, district first", async () => {
    const res = await call("/api/v1/areas/jh0501");
    expect(res.status).toBe(200);
    const area = AreaDetailSchema.parse(await res.json());
    expect(area).toMatchObject({ id: "jh0501", level: "grid", parent_id: "jh05", path: "/xhl/jh/jh05/jh0501/" });
    expect(area.ancestors.map((a) => [a.id, a.level])).toEqual([
      ["xhl", "district"],
      ["jh", "street"],
      ["jh05", "community"],
    ]);
  });

  it("gives the district no ancestors", async () => {
    const area = AreaDetailSchema.parse(await json(await call("/api/v1/areas/xhl")));
    expect(area.ancestors).toEqual([]);
  });

  it("answers 404 for an unknown area and 400 for a malformed id", async () => {
    await expectError(await call("/api/v1/areas/zz99"), 404, "not_found");
    const bad = await expectError(await call("/api/v1/areas/JH%20!"), 400, "validation_failed");
    expect(bad.details).toEqual([expect.objectContaining({ path: "id" })]);
  });
});
