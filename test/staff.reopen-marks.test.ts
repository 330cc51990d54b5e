// A resident's "not satisfied" made visible: the grade and comment on the staff case page, 重办 N次
// on reopened cases in every queue and list, and reopenings counted in the scorecards (counters
// kept by the workflow, backfilled by a migration from the cases).
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseCounter } from "../schema/case.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signInCast } from "./helpers/staff.ts";
import { figure } from "./helpers/staff-pages.ts";
import { call, db, json, sendJson } from "./helpers/worker.ts";

let people: Awaited<ReturnType<typeof signInCast>>;
const ids: Record<"twice" | "once" | "fresh" | "department" | "content", string> = {
  twice: "",
  once: "",
  fresh: "",
  department: "",
  content: "",
};

const feedback = (code: string, grade: string, comment?: string) =>
  call(`/api/v1/track/${code}/feedback`, sendJson("POST", { grade, ...(comment ? { comment } : {}) }));

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
  // Reopened twice in the grid, still open there.
  const twice = await fileCase({ ...REPORT, description: "楼道杂物清了又堆，反复出现" });
  await actOk(twice.id, "accept", people.grid);
  for (const comment of ["没有清理干净", "又堆满了"]) {
    await actOk(twice.id, "resolve", people.grid, { resolution: "已清理" });
    expect((await feedback(twice.tracking_code, "unsatisfied", comment)).status).toBe(200);
  }
  ids.twice = twice.id;
  // Reopened once, then answered again and closed 基本满意.
  const once = await fileCase({ ...REPORT, category: "dispute", description: "楼上漏水到我家天花板" });
  await actOk(once.id, "accept", people.grid);
  await actOk(once.id, "resolve", people.grid, { resolution: "已协调维修" });
  await feedback(once.tracking_code, "unsatisfied");
  await actOk(once.id, "resolve", people.grid, { resolution: "已修好" });
  await feedback(once.tracking_code, "basically_satisfied", "修好了，就是慢了点");
  ids.once = once.id;
  // Never reopened, open.
  ids.fresh = (await fileCase({ ...REPORT, description: "路灯不亮了有一周" })).id;
  // Answered by a department and reopened there.
  const bureau = await fileCase({ ...REPORT, category: "dispute", description: "商户占道经营多次劝说无效" });
  await actOk(bureau.id, "escalate", people.grid);
  await actOk(bureau.id, "escalate", people.community);
  await actOk(bureau.id, "whistle", people.street);
  await actOk(bureau.id, "dispatch", people.district, { department_id: "market_supervision" });
  await actOk(bureau.id, "register", people.market);
  await actOk(bureau.id, "resolve", people.market, { resolution: "已责令整改" });
  await feedback(bureau.tracking_code, "unsatisfied", "还在占道");
  ids.department = bureau.id;
  // Closed 满意 at the first answer.
  const content = await fileCase({ ...REPORT, category: "public_service", description: "帮老人代缴医保费用" });
  await actOk(content.id, "accept", people.grid);
  await actOk(content.id, "resolve", people.grid, { resolution: "已代缴" });
  await feedback(content.tracking_code, "satisfied");
  ids.content = content.id;
});

/** The `<li>` of a list or queue linking to this case, its text only. */
function lineOf(html: string, id: string): string | null {
  const line = [...html.matchAll(/<li class="contact">([\s\S]*?)<\/li>/g)]
    .map((m) => m[1]!)
    .find((li) => li.includes(`/staff/cases/${id}`));
  return line ? line.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ") : null;
}

describe("the resident's grade on the staff case page", () => {
  it("shows 不满意 with the comment, and the reopen count by the title", async () => {
    const html = await (await call(`/staff/cases/${ids.twice}`, { headers: people.grid })).text();
    expect(/<h1>[\s\S]*?<\/h1>/.exec(html)![0]).toContain('<span class="badge reopened">重办 2次</span>');
    const grade = /<p class="grade unsatisfied">([\s\S]*?)<\/p>/.exec(html)![1]!.replace(/<[^>]+>/g, "");
    expect(grade).toMatch(/^居民评价: 不满意 又堆满了 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/);
    // Each feedback on the trail says its grade.
    expect(html.match(/· 居民评价 · 网格 · 不满意/g)).toHaveLength(2);
  });

  it("shows 基本满意 and 满意, and English words", async () => {
    const once = await (await call(`/staff/cases/${ids.once}`, { headers: people.grid })).text();
    expect(/<p class="grade basically_satisfied">([\s\S]*?)<\/p>/.exec(once)![1]!.replace(/<[^>]+>/g, "")).toContain(
      "居民评价: 基本满意 修好了，就是慢了点",
    );
    expect(once).toContain("重办 1次");
    const content = await (await call(`/staff/cases/${ids.content}`, { headers: people.grid })).text();
    expect(/<p class="grade satisfied">([\s\S]*?)<\/p>/.exec(content)![1]!.replace(/<[^>]+>/g, "")).toContain(
      "居民评价: 满意 （未留评语）",
    );
    expect(content).not.toContain("重办");
    const english = await (await call(`/staff/cases/${ids.twice}?lang=en`, { headers: people.grid })).text();
    expect(english).toContain("Reopened 2×");
    expect(english).toContain('<span class="badge grade-unsatisfied">Not satisfied</span> 又堆满了');
  });

  it("is not shown to staff of another grid", async () => {
    expect((await call(`/staff/cases/${ids.twice}`, { headers: people.otherGrid })).status).toBe(404);
  });
});

describe("重办 N次 in every queue and list", () => {
  it("marks reopened cases in the grid worker's queue and the case list, and no other", async () => {
    const queue = await (await call("/staff", { headers: people.grid })).text();
    expect(lineOf(queue, ids.twice)).toContain("重办 2次");
    expect(lineOf(queue, ids.fresh)).not.toContain("重办");
    const list = await (await call("/staff/cases", { headers: people.grid })).text();
    expect(lineOf(list, ids.twice)).toContain("重办 2次");
    expect(lineOf(list, ids.once)).toContain("重办 1次");
    expect(lineOf(list, ids.fresh)).not.toContain("重办");
    expect(lineOf(list, ids.content)).not.toContain("重办");
  });

  it("marks the department's reopened case in its officer's queue", async () => {
    const queue = await (await call("/staff", { headers: people.market })).text();
    expect(lineOf(queue, ids.department)).toContain("重办 1次");
  });
});

/** Every scope's reopenings counted from the case rows by SQL (the oracle is not the code keeping the counters). */
async function recountReopenings() {
  const areas = await db().all<{ scope: string; n: number }>(
    sql.raw(
      `SELECT a.id AS scope, sum(c.reopen_count) AS n FROM "case" c JOIN area a ON instr(c.area_path, a.path) = 1 WHERE c.reopen_count > 0 GROUP BY a.id`,
    ),
  );
  const departments = await db().all<{ scope: string; n: number }>(
    sql.raw(
      `SELECT 'department:' || department_id AS scope, sum(reopen_count) AS n FROM "case" WHERE reopen_count > 0 AND department_id IS NOT NULL GROUP BY department_id`,
    ),
  );
  return Object.fromEntries([...areas, ...departments].map((r) => [r.scope, r.n]));
}

async function storedReopenings() {
  const rows = await db()
    .select()
    .from(caseCounter)
    .where(and(eq(caseCounter.metric, "reopenings"), sql`${caseCounter.value} <> 0`));
  return Object.fromEntries(rows.map((r) => [r.scope, r.value]));
}

describe("reopenings in the scorecards", () => {
  it("counts reopened cases and their reopenings, matching a recount of the cases", async () => {
    const expected = await recountReopenings();
    expect(await storedReopenings()).toEqual(expected);
    // The literals this file's cases were built to give: 2 + 1 in the grid, 1 more at the department.
    expect([expected.jh0501, expected.jh05, expected.xhl, expected["department:market_supervision"]]).toEqual([4, 4, 4, 1]);
    const grid = await json(await call("/api/v1/stats?area=/xhl/jh/jh05/jh0501/", { headers: people.grid }));
    expect([grid.reopened, grid.reopenings]).toEqual([3, 4]);
    const community = await json(await call("/api/v1/stats?area=/xhl/jh/jh05/", { headers: people.community }));
    const child = community.children.find((c: { area: { id: string } }) => c.area.id === "jh0501");
    expect([child.reopened, child.reopenings]).toEqual([3, 4]);
    const market = community.departments.find((d: { department: { id: string } }) => d.department.id === "market_supervision");
    expect([market.reopened, market.reopenings]).toEqual([1, 1]);
  });

  it("shows them on the dashboard's figures and the areas' scorecards", async () => {
    const grid = await (await call("/staff", { headers: people.grid })).text();
    expect(figure(grid, "重办")).toBe("4");
    const community = await (await call("/staff", { headers: people.community })).text();
    // The scorecards' table, not the charts' text tables that name the same grids.
    const scorecards = community.slice(community.indexOf("<th>重办</th>"));
    const row = [...scorecards.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes("同心园社区第1网格"))!;
    expect([...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]).at(-1)).toBe("4");
    expect(community).toContain("<th>重办</th>");
    const market = await (await call("/staff", { headers: people.market })).text();
    expect(figure(market, "重办")).toBe("1");
  });

  it("is backfilled from the cases by its migration", async () => {
    const before = await storedReopenings();
    await db().delete(caseCounter).where(eq(caseCounter.metric, "reopenings"));
    expect(await storedReopenings()).toEqual({});
    const files = import.meta.glob("../migrations/*_backfill_reopenings_counter.sql", { query: "?raw", import: "default", eager: true });
    const migration = Object.values(files);
    expect(migration).toHaveLength(1);
    await env.DB.prepare(migration[0]!).run();
    expect(await storedReopenings()).toEqual(before);
  });
});
