import { count } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { area } from "../schema/area.ts";
import { STATION_CODE_PATTERN } from "../schema/constants.ts";
import { contact } from "../schema/contact.ts";
import { department } from "../schema/department.ts";
import { staff } from "../schema/staff.ts";
import { station } from "../schema/station.ts";
import { countsOf, DISTRICT_SIZES, generateDirectory } from "../scripts/seed/generate.ts";
import { clearDirectory, insertAll, isDirectoryEmpty, loadDirectory, MAX_STATEMENT_BYTES } from "../scripts/seed/load.ts";
import { createDatabase } from "../worker/db.ts";
import { recordingD1 } from "./helpers/recording-db.ts";
import { db } from "./helpers/worker.ts";

describe("the demo scale", () => {
  it("is the same on every run", () => {
    expect(generateDirectory("demo")).toEqual(generateDirectory("demo"));
  });

  it("loads into D1 with the counts it generated, JH0501V in Tongxianyuan, Jianhe", async () => {
    const database = db();
    expect(await isDirectoryEmpty(database)).toBe(true);
    const directory = generateDirectory("demo");
    const reported: number[] = [];
    const rows = await loadDirectory(database, directory, (done) => reported.push(done));
    expect(rows).toBe(reported.at(-1));
    expect(reported).toEqual([...reported].sort((a, b) => a - b));

    const [areas, stations, contacts, departments, people] = await database.batch([
      database.select().from(area),
      database.select().from(station),
      database.select().from(contact),
      database.select().from(department),
      database.select().from(staff),
    ]);
    const counts = countsOf(directory);
    expect(areas.filter((a) => a.level === "street").length).toBe(counts.streets);
    expect(areas.filter((a) => a.level === "community").length).toBe(counts.communities);
    expect(areas.filter((a) => a.level === "grid").length).toBe(counts.grids);
    expect(areas.filter((a) => a.level === "micro_grid").length).toBe(counts.microGrids);
    expect([stations.length, contacts.length, departments.length, people.length]).toEqual([
      counts.stations,
      counts.contacts,
      counts.departments,
      counts.staff,
    ]);
    expect(counts).toMatchObject({ streets: 1, communities: 5, grids: 8 });
    expect(counts.departments).toBeGreaterThanOrEqual(6);

    const jh0501v = stations.find((s) => s.code === "JH0501V");
    expect(jh0501v).toMatchObject({ gridId: "jh0501", areaPath: "/xhl/jh/jh05/jh0501/" });
    expect(areas.find((a) => a.id === "jh05")?.name).toBe("同心园社区");
    expect(areas.find((a) => a.id === "jh")?.name).toBe("涧河街道");
    // Every path is its parent's path plus its own id.
    const byId = new Map(areas.map((a) => [a.id, a]));
    for (const a of areas) {
      expect(a.path).toBe(`${a.parentId ? byId.get(a.parentId)?.path : "/"}${a.id}/`);
    }
  });

  it("can be cleared and loaded again", async () => {
    const database = db();
    await clearDirectory(database);
    expect(await isDirectoryEmpty(database)).toBe(true);
    await loadDirectory(database, generateDirectory("demo"));
    expect(await isDirectoryEmpty(database)).toBe(false);
  });
});

describe("the district scale", () => {
  const directory = generateDirectory("district");
  const counts = countsOf(directory);

  it("has Xinghualing's sizes", () => {
    expect(counts).toMatchObject({
      streets: DISTRICT_SIZES.streets,
      communities: DISTRICT_SIZES.communities,
      grids: DISTRICT_SIZES.grids,
      microGrids: DISTRICT_SIZES.microGrids,
      stations: DISTRICT_SIZES.stations,
    });
    expect(DISTRICT_SIZES).toEqual({ streets: 10, communities: 150, grids: 811, microGrids: 7289, stations: 996 });
    // 811 full-time grid workers and 7,289 assistants: the article's 8,100, plus chiefs and officers.
    expect(directory.staff.filter((s) => s.role === "grid_worker" || s.role === "grid_assistant")).toHaveLength(8100);
  });

  it("has unique, well-formed station codes, area ids and phone numbers", () => {
    const codes = directory.stations.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((code) => STATION_CODE_PATTERN.test(code))).toBe(true);
    expect(codes).toContain("JH0501V");
    expect(new Set(directory.areas.map((a) => a.id)).size).toBe(directory.areas.length);
    const phones = directory.staff.map((s) => s.phone);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it("publishes no number that is a staff sign-in name", () => {
    const published = new Set(directory.contacts.map((c) => c.phone));
    const signIns = directory.staff.filter((s) => published.has(s.phone));
    expect(signIns).toEqual([]);
    expect(directory.staff.length).toBeGreaterThan(8000);
  });

  it("gives every station a complete circle", () => {
    const rolesAt = new Map<string, Set<string>>();
    for (const c of directory.contacts) {
      rolesAt.set(c.areaId, (rolesAt.get(c.areaId) ?? new Set()).add(c.role));
    }
    const parentOf = new Map(directory.areas.map((a) => [a.id, a.parentId]));
    const childrenOf = (id: string) => directory.areas.filter((a) => a.parentId === id).map((a) => a.id);
    const required = [
      "grid_chief",
      "grid_worker",
      "grid_assistant",
      "community_secretary",
      "community_police",
      "legal_consultant",
      "law_enforcement",
      "safety_supervision",
      "market_supervision",
      "power",
      "gas",
      "heating",
      "water",
    ];
    const gridsChecked = new Set<string>();
    for (const s of directory.stations) {
      if (gridsChecked.has(s.gridId)) continue;
      gridsChecked.add(s.gridId);
      const reach = new Set<string>(childrenOf(s.gridId).flatMap((m) => [...(rolesAt.get(m) ?? [])]));
      for (let id: string | null | undefined = s.gridId; id; id = parentOf.get(id)) {
        for (const role of rolesAt.get(id) ?? []) reach.add(role);
      }
      expect(
        [...required].filter((r) => !reach.has(r)),
        s.code,
      ).toEqual([]);
    }
    expect(gridsChecked.size).toBe(DISTRICT_SIZES.grids);
  });

  it("loads thousands of rows in few statements, none over D1's limits", async () => {
    const { db: counting, log } = recordingD1();
    const database = createDatabase(counting);
    await clearDirectory(database);
    await insertAll(database, area, directory.areas);
    const prepared = log.statements.map((r) => ({ bytes: new TextEncoder().encode(r.sql).length, params: r.params.length }));
    const inserts = prepared.filter((p) => p.bytes > 100);
    expect(inserts.length).toBeGreaterThan(1);
    expect(inserts.length).toBeLessThan(directory.areas.length / 50);
    expect(Math.max(...inserts.map((p) => p.bytes))).toBeLessThanOrEqual(MAX_STATEMENT_BYTES);
    expect(Math.max(...prepared.map((p) => p.params))).toBeLessThanOrEqual(100);
    const [row] = await database.select({ n: count() }).from(area);
    expect(row?.n).toBe(directory.areas.length);
  });
});

describe("loading counters", () => {
  it("binds and sends them a batch at a time, each batch at most 20 statements within D1's limits", async () => {
    const { caseCounter } = await import("../schema/case.ts");
    const { loadCounters } = await import("../scripts/seed/load.ts");
    const batches: number[] = [];
    const { db: counting, log } = recordingD1({ beforeBatch: (statements) => batches.push(statements.length) });
    const database = createDatabase(counting);
    const deltas = Array.from({ length: 1500 }, (_, i) => ({ scope: `xhl`, metric: `test:${i}`, value: i + 1 }));
    const reported: number[] = [];
    await loadCounters(database, deltas, (done) => reported.push(done));
    // 1,500 rows of 3 parameters: 33 a statement, 20 statements a batch.
    expect(batches).toEqual([20, 20, 6]);
    expect(Math.max(...log.statements.map((r) => r.params.length))).toBeLessThanOrEqual(100);
    expect(reported).toEqual([660, 1320, 1500]);
    const rows = await database.select().from(caseCounter);
    expect(rows.filter((r) => r.metric.startsWith("test:")).reduce((sum, r) => sum + r.value, 0)).toBe((1500 * 1501) / 2);
  });
});

describe("generated cases", () => {
  it("load with their events and counters consistent with the workflow", async () => {
    const { caseCounter, caseEvent, caseTable } = await import("../schema/case.ts");
    const { metricsOf, scopesOf } = await import("../worker/workflow/counters.ts");
    const { loadCases } = await import("../scripts/seed/load.ts");
    const database = db();
    await clearDirectory(database);
    const directory = generateDirectory("demo");
    await loadDirectory(database, directory);
    const now = new Date("2026-11-26T00:00:00Z");
    const reported = { case: [] as number[], counter: [] as number[] };
    expect(await loadCases(database, directory, 300, now, (done, _total, table) => reported[table as "case" | "counter"].push(done))).toBe(
      300,
    );
    expect(reported.case.at(-1)).toBe(300);

    const [cases, events, counters] = await database.batch([
      database.select().from(caseTable),
      database.select().from(caseEvent).orderBy(caseEvent.id),
      database.select().from(caseCounter),
    ]);
    expect(cases).toHaveLength(300);
    const statuses = new Set(cases.map((c) => c.status));
    for (const s of ["closed", "resolved", "rejected"]) expect(statuses.has(s as never), s).toBe(true);
    expect(new Set(cases.map((c) => c.resolvedLevel)).size).toBeGreaterThan(2);
    // Every case's trail starts with its creation and ends in its current state.
    const trail = new Map<string, typeof events>();
    for (const e of events) trail.set(e.caseId, [...(trail.get(e.caseId) ?? []), e]);
    for (const c of cases) {
      const mine = trail.get(c.id)!;
      expect(mine[0]?.action).toBe("create");
      expect(mine.at(-1)).toMatchObject({ toStatus: c.status, toLevel: c.level });
      expect(c.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(c.createdAt.getTime()).toBeGreaterThan(now.getTime() - 5 * 366 * 24 * 3600 * 1000);
    }
    // The counters are exactly a recount of the final states.
    const expected = new Map<string, number>();
    for (const c of cases)
      for (const s of scopesOf(c)) for (const m of metricsOf(c)) expected.set(`${s} ${m}`, (expected.get(`${s} ${m}`) ?? 0) + 1);
    expect(new Map(counters.map((r) => [`${r.scope} ${r.metric}`, r.value]))).toEqual(expected);
    expect(reported.counter.at(-1)).toBe(counters.length);
  });
});

describe("the demo's cases (npm start)", () => {
  const DAY = 24 * 3600 * 1000;
  const generated = async (recentShare: number) => {
    const { generateCases } = await import("../scripts/seed/cases.ts");
    const now = new Date("2026-12-06T02:00:00Z");
    const cases = [];
    for (const batch of generateCases(generateDirectory("demo"), 400, now, { recentShare })) cases.push(...batch.cases);
    return { now, open: cases.filter((c) => c.status === "submitted" || c.status === "in_progress"), cases };
  };

  it("leave no case open for years: a reopened case is worked again", async () => {
    const { now, open, cases } = await generated(0);
    expect(cases).toHaveLength(400);
    for (const c of open) expect(c.dueAt.getTime()).toBeGreaterThan(now.getTime() - 30 * DAY);
  });

  it("are partly filed in the last fortnight, so open work is due around today", async () => {
    const { now, open, cases } = await generated(0.2);
    const recent = cases.filter((c) => c.createdAt.getTime() > now.getTime() - 14 * DAY);
    expect(recent.length).toBeGreaterThan(50);
    expect(open.length).toBeGreaterThanOrEqual(5);
    for (const c of open) expect(c.dueAt.getTime()).toBeGreaterThan(now.getTime() - 14 * DAY);
    // Some are due in the days ahead, some just missed: a dashboard with something to do.
    expect(open.some((c) => c.dueAt > now && c.dueAt.getTime() < now.getTime() + 7 * DAY)).toBe(true);
    expect(open.some((c) => c.overdue)).toBe(true);
  });
});
