import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseCounter } from "../schema/case.ts";
import { counterDeltas } from "../worker/workflow/counters.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json, keyHeaders, sendJson } from "./helpers/worker.ts";

type H = Record<string, string>;
let grid: H, community: H, street: H, district: H, market: H, reader: H;

beforeAll(async () => {
  await seedDemo();
  grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
  community = (await signIn("community_staff", { area: "jh05" })).headers;
  street = (await signIn("street_officer", { area: "jh" })).headers;
  district = (await signIn("district_dispatcher", { area: "xhl" })).headers;
  market = (await signIn("department_officer", { department: "market_supervision" })).headers;
  reader = await keyHeaders("cases:read");

  // Three resolved in the grid: one reopened then closed, one closed, one reopened and open again;
  // one resolved by a department; one rejected; one waiting.
  for (let i = 0; i < 3; i++) {
    const c = await fileCase();
    await actOk(c.id, "accept", grid);
    await actOk(c.id, "resolve", grid, { resolution: "已处理" });
    if (i === 0) {
      await call(`/api/v1/track/${c.tracking_code}/feedback`, sendJson("POST", { satisfied: false }));
      await actOk(c.id, "resolve", grid, { resolution: "已彻底处理" });
    }
    await call(`/api/v1/track/${c.tracking_code}/feedback`, sendJson("POST", { satisfied: i !== 2 }));
  }
  const big = await fileCase({ ...REPORT, category: "dispute" });
  await actOk(big.id, "escalate", grid);
  await actOk(big.id, "escalate", community);
  await actOk(big.id, "whistle", street);
  await actOk(big.id, "dispatch", district, { department_id: "market_supervision" });
  await actOk(big.id, "register", market);
  await actOk(big.id, "resolve", market, { resolution: "已查处" });
  const junk = await fileCase({ ...REPORT, description: "无效的测试内容" });
  await actOk(junk.id, "reject", grid, { reason: "无效" });
  await fileCase({ ...REPORT, category: "public_service", description: "帮老人代缴社保" });
});

describe("GET /api/v1/stats", () => {
  it("counts by status, category and where cases were solved", async () => {
    const res = await call("/api/v1/stats?area=/xhl/jh/jh05/", { headers: community });
    expect(res.status).toBe(200);
    const stats = await json(res);
    expect(stats.area).toEqual({ id: "jh05", level: "community", name: "同心园社区", path: "/xhl/jh/jh05/" });
    expect(stats.total).toBe(6);
    expect(stats.by_status).toEqual({ submitted: 1, in_progress: 1, resolved: 1, closed: 2, rejected: 1, merged: 0 });
    expect(stats.by_category).toMatchObject({ safety_hazard: 4, dispute: 1, public_service: 1 });
    expect(stats.solved_at_level).toEqual({ grid: 2, community: 0, street: 0, district: 0, department: 1 });
    expect(stats.open_by_level).toEqual({ grid: 2, community: 0, street: 0, district: 0, department: 0 });
    expect(stats.open).toBe(2);
    expect(stats.share_solved_in_grid).toBe(0.667);
    expect(stats.resolution_rate).toBe(0.6); // 3 resolved of 5 not rejected
    expect(stats.on_time_rate).toBe(1);
    expect(stats.reopen_rate).toBe(0.4);
    expect([stats.reopened, stats.reopenings]).toEqual([2, 2]);
    expect(stats.satisfaction_rate).toBe(0.667); // a reopened case's latest verdict counts
    expect(stats.median_resolve_hours).toBe(1);
    expect(stats.children.map((c: { area: { id: string }; total: number }) => [c.area.id, c.total])).toEqual([
      ["jh0501", 6],
      ["jh0502", 0],
      ["jh0503", 0],
    ]);
    const marketCard = stats.departments.find((d: { department: { id: string } }) => d.department.id === "market_supervision");
    expect(marketCard).toMatchObject({ total: 1, resolution_rate: 1, on_time_rate: 1 });
  });

  it("defaults to the caller's area and refuses areas above or beside it", async () => {
    const own = await json(await call("/api/v1/stats", { headers: grid }));
    expect(own.area.id).toBe("jh0501");
    await expectError(await call("/api/v1/stats?area=jh05", { headers: grid }), 403, "forbidden");
    await expectError(await call("/api/v1/stats?area=/xhl/jh/jh01/", { headers: community }), 403, "forbidden");
    const districtWide = await json(await call("/api/v1/stats", { headers: reader }));
    expect(districtWide.area.id).toBe("xhl");
    await expectError(await call("/api/v1/stats"), 401, "unauthorized");
    await expectError(await call("/api/v1/stats?area=zz01", { headers: reader }), 404, "not_found");
  });

  it("gives a department officer their department's figures only", async () => {
    const res = await call("/api/v1/stats", { headers: market });
    expect(res.status).toBe(200);
    const stats = await json(res);
    expect(stats.area.id).toBe("xhl");
    // The one case dispatched to market supervision, resolved there; nothing of the grid's five.
    expect([stats.total, stats.open, stats.resolution_rate]).toEqual([1, 0, 1]);
    expect(stats.by_category).toMatchObject({ dispute: 1, safety_hazard: 0, public_service: 0 });
    expect(stats.children).toEqual([]);
    expect(stats.departments.map((d: { department: { id: string } }) => d.department.id)).toEqual(["market_supervision"]);
    await expectError(await call("/api/v1/stats?area=jh05", { headers: market }), 403, "forbidden");
    const police = (await signIn("department_officer", { department: "public_security" })).headers;
    const theirs = await json(await call("/api/v1/stats", { headers: police }));
    expect([theirs.total, theirs.departments.length]).toEqual([0, 1]);
  });

  it("keeps its counters equal to a recount of the cases, by SQL over the case rows", async () => {
    // The oracle is SQL written from the rules, not the code that keeps the counters: every area on
    // a case's path counts it; open cases count by level and, when flagged, as overdue.
    const recount = async (metric: string, where: string) => {
      const rows = await db().all<{ scope: string; n: number }>(
        sql.raw(
          `SELECT a.id AS scope, count(*) AS n FROM "case" c JOIN area a ON instr(c.area_path, a.path) = 1 WHERE ${where} GROUP BY a.id`,
        ),
      );
      return Object.fromEntries(rows.map((r) => [`${r.scope} ${metric}`, r.n]));
    };
    const expected = {
      ...(await recount("total", "1")),
      ...(await recount("overdue", "c.status IN ('submitted', 'in_progress') AND c.overdue = 1")),
      ...(await recount("open_level:grid", "c.status IN ('submitted', 'in_progress') AND c.level = 'grid'")),
      ...(await recount("status:closed", "c.status = 'closed'")),
      ...(await recount("status:rejected", "c.status = 'rejected'")),
      ...(await recount("category:dispute", "c.category = 'dispute'")),
      ...(await recount("resolved", "c.resolved_at IS NOT NULL")),
      ...(await recount("reopened", "c.reopen_count > 0")),
      ...(await recount("satisfied", "c.satisfaction = 'satisfied'")),
    };
    const metrics = [
      "total",
      "overdue",
      "open_level:grid",
      "status:closed",
      "status:rejected",
      "category:dispute",
      "resolved",
      "reopened",
      "satisfied",
    ];
    const stored = await db()
      .select()
      .from(caseCounter)
      .where(sql`${caseCounter.value} <> 0 AND ${caseCounter.scope} NOT LIKE 'department:%'`);
    const actual = Object.fromEntries(stored.filter((r) => metrics.includes(r.metric)).map((r) => [`${r.scope} ${r.metric}`, r.value]));
    expect(actual).toEqual(expected);
    // And the figures this file's cases were built to give, as literals: six cases in grid jh0501.
    expect([
      expected["jh0501 total"],
      expected["jh0501 status:closed"],
      expected["jh0501 status:rejected"],
      expected["jh0501 resolved"],
      expected["jh0501 reopened"],
    ]).toEqual([6, 2, 1, 3, 2]);
  });

  it("moves counters by the difference of two states only", () => {
    const base = {
      areaPath: "/xhl/jh/",
      departmentId: null,
      status: "submitted",
      category: "dispute",
      level: "street",
      overdue: false,
      resolvedAt: null,
      resolvedLevel: null,
      resolvedOnTime: null,
      reopenCount: 0,
      satisfaction: null,
      createdAt: new Date(0),
    } as const;
    expect(counterDeltas(base, { ...base, status: "in_progress" })).toEqual([
      { scope: "xhl", metric: "status:submitted", value: -1 },
      { scope: "jh", metric: "status:submitted", value: -1 },
      { scope: "xhl", metric: "status:in_progress", value: 1 },
      { scope: "jh", metric: "status:in_progress", value: 1 },
    ]);
  });
});
