import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { type CaseRow, caseEvent, caseTable } from "../schema/case.ts";
import type { Principal } from "../worker/auth/principal.ts";
import { type CaseInput, createCase } from "../worker/cases/create.ts";
import { areaPathOf, type CaseListQuery, listCases, principalCanRead } from "../worker/cases/queries.ts";
import { caseScope, checkAreaFilter, insideArea, principalArea } from "../worker/cases/scope.ts";
import { giveFeedback } from "../worker/cases/tracking.ts";
import type { Actor, StaffActor } from "../worker/workflow/actor.ts";
import { domainRefusal } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db } from "./helpers/worker.ts";

const KEY: Actor = { kind: "api_key", keyId: "mutants-queries", name: "mutants key" };
const staffActor = (id: number, role: StaffActor["role"], areaPath: string | null, departmentId: string | null = null): StaffActor => ({
  kind: "staff",
  id,
  name: `staff ${id}`,
  role,
  areaPath,
  departmentId,
});
const asStaff = (actor: StaffActor): Principal => ({ kind: "staff", actor });
const asKey = (areaPath: string | null): Principal => ({ kind: "api_key", keyId: "k", name: "k", scopes: ["cases:read"], areaPath });

const ADMIN = asStaff(staffActor(1, "admin", null));
const ASSISTANT = staffActor(9001, "grid_assistant", "/xhl/jh/jh05/jh0501/jh0501-01/");
const WORKER = staffActor(9003, "grid_worker", "/xhl/jh/jh05/jh0502/");

const cases: Record<string, CaseRow> = {};
const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, "0")}T00:00:00Z`);

async function file(name: string, input: CaseInput, actor: Actor, day: number) {
  const created = await createCase(db(), input, { channel: actor.kind === "staff" ? "assistant" : "api", actor, now: at(day) });
  cases[name] = created.case;
}

beforeAll(async () => {
  await seedDemo();
  await file("A", { category: "safety_hazard", description: "楼道堆放杂物", stationCode: "JH0501V" }, KEY, 1);
  await file("B", { category: "dispute", description: "邻里纠纷", stationCode: "JH0502V" }, KEY, 2);
  await file("C", { category: "dispute", description: "占道经营", stationCode: "JH0101V", microGridId: "jh0101-01" }, ASSISTANT, 3);
  await file("D", { category: "public_service", description: "路灯不亮", address: "胜利街12号" }, KEY, 4);
  await file("F", { category: "safety_hazard", description: "电线裸露", stationCode: "JH0101V" }, WORKER, 5);
  await file("G", { category: "emergency", description: "水管爆裂", stationCode: "JH0501V", microGridId: "jh0501-01" }, KEY, 6);
  await file("H", { category: "public_service", description: "井盖缺失", stationCode: "JH0503V" }, KEY, 7);
  const database = db();
  await database.update(caseTable).set({ status: "closed", overdue: true }).where(eq(caseTable.id, cases.A!.id));
  await database
    .update(caseTable)
    .set({ overdue: true, updatedAt: at(10) })
    .where(eq(caseTable.id, cases.B!.id));
  await database.update(caseTable).set({ status: "in_progress", departmentId: "market_supervision" }).where(eq(caseTable.id, cases.D!.id));
  await database
    .update(caseTable)
    .set({ status: "resolved", resolvedAt: at(8), resolvedLevel: "grid" })
    .where(eq(caseTable.id, cases.H!.id));
});

async function names(principal: Principal, query: Partial<CaseListQuery> = {}) {
  const page = await listCases(db(), principal, { limit: 50, ...query });
  const byId = new Map(Object.entries(cases).map(([name, row]) => [row.id, name]));
  return page.items.map((row) => byId.get(row.id) ?? row.id);
}

describe("listCases: filters", () => {
  it("lists every case newest first with no filter", async () => {
    expect(await names(ADMIN)).toEqual(["H", "G", "F", "D", "C", "B", "A"]);
  });

  it("filters on status, category, level and station", async () => {
    expect(await names(ADMIN, { status: "closed" })).toEqual(["A"]);
    expect(await names(ADMIN, { category: "dispute" })).toEqual(["C", "B"]);
    expect(await names(ADMIN, { level: "district" })).toEqual(["D"]);
    expect(await names(ADMIN, { station: "JH0502V" })).toEqual(["B"]);
  });

  it("overdue lists open overdue cases only; not overdue includes closed and answered ones", async () => {
    expect(await names(ADMIN, { overdue: true })).toEqual(["B"]);
    expect(await names(ADMIN, { overdue: false })).toEqual(["H", "G", "F", "D", "C"]);
  });

  it("filters on creation and update times", async () => {
    expect(await names(ADMIN, { created_after: "2026-03-03T00:00:00Z" })).toEqual(["H", "G", "F", "D", "C"]);
    expect(await names(ADMIN, { created_before: "2026-03-03T00:00:00Z" })).toEqual(["B", "A"]);
    expect(await names(ADMIN, { updated_after: "2026-03-09T00:00:00Z" })).toEqual(["B"]);
  });

  it("takes an area path even without its final slash, and an area id", async () => {
    expect(await names(ADMIN, { area: "/xhl/jh/jh05" })).toEqual(["H", "G", "B", "A"]);
    expect(await names(ADMIN, { area: "jh0501" })).toEqual(["G", "A"]);
  });

  it("refuses an area id that does not exist", async () => {
    const error = await domainRefusal(names(ADMIN, { area: "jh9999" }));
    expect(error.code).toBe("not_found");
    expect(error.message).toBe("There is no area jh9999.");
  });
});

describe("listCases: scope", () => {
  it("refuses anonymous callers", async () => {
    const error = await domainRefusal(names({ kind: "anonymous" }));
    expect(error.code).toBe("unauthorized");
    expect(error.message).toBe("Cases need an API key or a staff sign-in.");
    expect(() => caseScope({ kind: "anonymous" })).toThrow("Cases need an API key or a staff sign-in.");
  });

  it("shows an admin every case, even without an area", async () => {
    expect(await names(ADMIN)).toHaveLength(7);
  });

  it("shows a department officer the cases of the department only", async () => {
    expect(await names(asStaff(staffActor(9010, "department_officer", null, "market_supervision")))).toEqual(["D"]);
    expect(await names(asStaff(staffActor(9011, "department_officer", null, null)))).toEqual([]);
  });

  it("shows staff without an area nothing", async () => {
    expect(await names(asStaff(staffActor(9012, "district_dispatcher", null)))).toEqual([]);
    expect(await names(asStaff(staffActor(9013, "grid_worker", null)))).toEqual([]);
  });

  it("shows an assistant the cases of the micro-grid and those the assistant filed", async () => {
    expect(await names(asStaff(ASSISTANT))).toEqual(["G", "C"]);
  });

  it("shows a grid worker the grid's cases, not one the worker filed elsewhere", async () => {
    expect(await names(asStaff(WORKER))).toEqual(["B"]);
  });

  it("shows a key limited to an area the cases inside it", async () => {
    expect(await names(asKey("/xhl/jh/jh05/"))).toEqual(["H", "G", "B", "A"]);
    expect(await names(asKey(null))).toHaveLength(7);
  });
});

describe("insideArea: the area column of the path's level", () => {
  const sqlOf = (path: string) => db().select().from(caseTable).where(insideArea(path)).toSQL();
  it("uses the street, community, grid and micro-grid columns", () => {
    expect(sqlOf("/xhl/jh/").sql).toContain('"street_id" = ?');
    expect(sqlOf("/xhl/jh/jh05/").sql).toContain('"community_id" = ?');
    expect(sqlOf("/xhl/jh/jh05/").params).toEqual(["jh05"]);
    expect(sqlOf("/xhl/jh/jh05/jh0501/").sql).toContain('"grid_id" = ?');
    expect(sqlOf("/xhl/jh/jh05/jh0501/jh0501-01/").sql).toContain('"micro_grid_id" = ?');
    expect(sqlOf("/xhl/jh/jh05/jh0501/jh0501-01/").params).toEqual(["jh0501-01"]);
  });

  it("uses a path range for the district", () => {
    const district = sqlOf("/xhl/");
    expect(district.sql).toContain('"area_path" >= ?');
    expect(district.sql).toContain('"area_path" < ?');
    expect(district.params).toEqual(["/xhl/", "/xhl0"]);
  });
});

describe("principalArea and checkAreaFilter", () => {
  it("is the key's area, the staff member's area, or none for admins and anonymous callers", () => {
    expect(principalArea(asKey("/xhl/jh/jh01/"))).toBe("/xhl/jh/jh01/");
    expect(principalArea(asKey(null))).toBe(null);
    expect(principalArea(asStaff(WORKER))).toBe("/xhl/jh/jh05/jh0502/");
    expect(principalArea(asStaff(staffActor(2, "admin", "/xhl/")))).toBe(null);
    expect(principalArea({ kind: "anonymous" })).toBe(null);
  });

  it("refuses a key's filter on an area outside its own", async () => {
    expect(() => checkAreaFilter(asKey("/xhl/jh/jh01/"), "/xhl/jh/jh05/")).toThrow(
      "The area /xhl/jh/jh05/ is outside yours (/xhl/jh/jh01/).",
    );
    const error = await domainRefusal(names(asKey("/xhl/jh/jh01/"), { area: "/xhl/jh/jh05/" }));
    expect(error.code).toBe("forbidden");
  });

  it("refuses staff a foreign area but takes one inside or around their own", () => {
    expect(() => checkAreaFilter(asStaff(WORKER), "/xhl/jh/jh01/")).toThrow(
      "The area /xhl/jh/jh01/ is outside yours (/xhl/jh/jh05/jh0502/).",
    );
    expect(() => checkAreaFilter(asStaff(WORKER), "/xhl/jh/jh05/")).not.toThrow();
    expect(() => checkAreaFilter(asStaff(WORKER), "/xhl/jh/jh05/jh0502/jh0502-01/")).not.toThrow();
    expect(() => checkAreaFilter(asKey("/xhl/jh/jh05/"), "/xhl/jh/jh05/jh0501/")).not.toThrow();
  });

  it("lets a department officer filter on any area", () => {
    expect(() =>
      checkAreaFilter(asStaff(staffActor(9014, "department_officer", "/xhl/jh/jh01/", "justice")), "/xhl/jh/jh05/"),
    ).not.toThrow();
  });
});

describe("areaPathOf and principalCanRead", () => {
  it("keeps a path and looks up an id", async () => {
    expect(await areaPathOf(db(), "/xhl/jh/")).toBe("/xhl/jh/");
    expect(await areaPathOf(db(), "/xhl/jh")).toBe("/xhl/jh");
    expect(await areaPathOf(db(), "jh05")).toBe("/xhl/jh/jh05/");
    expect(await areaPathOf(db(), "jh0501-01")).toBe("/xhl/jh/jh05/jh0501/jh0501-01/");
  });

  it("refuses an unknown id", async () => {
    const error = await domainRefusal(areaPathOf(db(), "nope"));
    expect(error.code).toBe("not_found");
    expect(error.message).toBe("There is no area nope.");
  });

  it("lets a key read inside its area only, and anonymous callers nothing", () => {
    expect(principalCanRead(asKey("/xhl/jh/jh01/"), cases.A!)).toBe(false);
    expect(principalCanRead(asKey("/xhl/jh/jh01/"), cases.C!)).toBe(true);
    expect(principalCanRead(asKey(null), cases.A!)).toBe(true);
    expect(principalCanRead({ kind: "anonymous" }, cases.A!)).toBe(false);
  });
});

describe("giveFeedback", () => {
  it("refuses a tracking code that does not exist", async () => {
    const error = await domainRefusal(giveFeedback(db(), "NOPE-0000", "satisfied", null, at(9)));
    expect(error.code).toBe("not_found");
    expect(error.message).toBe("No case has this tracking code. Check the code on your receipt.");
  });

  it("refuses feedback before the case is answered, naming what the resident may do instead", async () => {
    const error = await domainRefusal(giveFeedback(db(), cases.B!.trackingCode, "satisfied", null, at(9)));
    expect(error.code).toBe("invalid_transition");
    // B is overdue: its resident may urge it and add to it, not grade it.
    expect(error.details).toEqual({ action: "feedback", status: "submitted", level: "grid", allowed_actions: ["urge", "supplement"] });
    expect(error.message).toBe("Feedback is given once the case is answered; it is submitted now. Allowed now: urge, supplement.");
  });

  it("records satisfied feedback as a feedback event", async () => {
    await giveFeedback(db(), cases.H!.trackingCode, "satisfied", "很满意", at(9));
    const events = await db().select().from(caseEvent).where(eq(caseEvent.caseId, cases.H!.id));
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ["create", null, "submitted"],
      ["feedback", "resolved", "closed"],
    ]);
  });
});
