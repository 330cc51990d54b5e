import { describe, expect, it } from "vitest";
import { actorName, actorRef } from "../worker/workflow/actor.ts";
import { counterDeltas, metricsOf, resolveBucket, scopesOf } from "../worker/workflow/counters.ts";

// The counters behind /api/v1/stats, written out as the rules say: every expected value here is a
// literal, never computed with the code under test (stats.test.ts checks the totals end to end).

const filed = new Date("2026-12-01T02:00:00Z"); // Tuesday 10:00 in Shanghai
const openCase = {
  areaPath: "/xhl/jh/jh05/jh0501/",
  departmentId: null,
  status: "in_progress",
  category: "public_service",
  level: "community",
  overdue: false,
  resolvedAt: null,
  resolvedLevel: null,
  resolvedOnTime: null,
  reopenCount: 0,
  satisfaction: null,
  createdAt: filed,
} as const;

describe("metricsOf", () => {
  it("counts an open case by status, category and the level holding it", () => {
    expect(metricsOf(openCase)).toEqual([
      "total",
      "status:in_progress",
      "category:public_service",
      "open_level:community",
      "open_category:public_service",
      "week:2026-W49:filed",
    ]);
  });

  it("counts an open overdue case as overdue", () => {
    expect(metricsOf({ ...openCase, overdue: true })).toContain("overdue");
  });

  it("does not count a finished case as open or overdue, whatever its flag says", () => {
    const closed = { ...openCase, status: "closed", overdue: true } as const;
    expect(metricsOf(closed)).toEqual(["total", "status:closed", "category:public_service", "week:2026-W49:filed"]);
  });

  it("counts a resolved case: level solved at, on time, the hours it took, and its Shanghai weeks", () => {
    const resolvedAt = new Date("2026-12-03T05:00:00Z"); // Thursday 13:00 in Shanghai, 51 h after filing
    const resolved = { ...openCase, status: "resolved", resolvedAt, resolvedLevel: "street", resolvedOnTime: true } as const;
    expect(metricsOf(resolved)).toEqual([
      "total",
      "status:resolved",
      "category:public_service",
      "resolved",
      "solved_at:street",
      "on_time",
      "resolve_hours:72",
      "week:2026-W49:filed",
      "week:2026-W49:resolved",
      "week:2026-W49:on_time",
    ]);
    expect(metricsOf({ ...resolved, resolvedOnTime: false })).not.toContain("on_time");
    expect(metricsOf({ ...resolved, resolvedOnTime: false })).not.toContain("week:2026-W49:on_time");
  });

  it("counts the resident's verdict in the week the case was answered, not the week it was filed", () => {
    // Filed Sunday 23:30 in Shanghai (week 49), answered Monday 00:30 (week 50): weeks turn at Shanghai midnight.
    const sunday = new Date("2026-12-06T15:30:00Z");
    const monday = new Date("2026-12-06T16:30:00Z");
    const answered = {
      ...openCase,
      createdAt: sunday,
      status: "closed",
      resolvedAt: monday,
      resolvedLevel: "grid",
      resolvedOnTime: false,
      satisfaction: "satisfied",
    } as const;
    expect(metricsOf(answered).filter((m) => m.startsWith("week:"))).toEqual([
      "week:2026-W49:filed",
      "week:2026-W50:resolved",
      "week:2026-W50:feedback",
      "week:2026-W50:satisfied",
    ]);
    const unsatisfied = metricsOf({ ...answered, satisfaction: "unsatisfied" }).filter((m) => m.startsWith("week:"));
    expect(unsatisfied).toEqual(["week:2026-W49:filed", "week:2026-W50:resolved", "week:2026-W50:feedback"]);
  });

  it("counts reopened cases and the resident's feedback", () => {
    const base = metricsOf(openCase).slice(0, -1);
    const week = "week:2026-W49:filed";
    expect(metricsOf({ ...openCase, reopenCount: 1 })).toEqual([...base, "reopened", week]);
    expect(metricsOf({ ...openCase, satisfaction: "satisfied" })).toEqual([...base, "feedback", "satisfied", week]);
    expect(metricsOf({ ...openCase, satisfaction: "unsatisfied" })).toEqual([...base, "feedback", week]);
  });
});

describe("resolveBucket", () => {
  it("puts the hours into the histogram's upper bounds, bounds included", () => {
    expect(resolveBucket(0.5)).toBe("1");
    expect(resolveBucket(1)).toBe("1");
    expect(resolveBucket(1.01)).toBe("2");
    expect(resolveBucket(24)).toBe("24");
    expect(resolveBucket(25)).toBe("48");
    expect(resolveBucket(720)).toBe("720");
    expect(resolveBucket(721)).toBe("more");
  });
});

describe("scopesOf and counterDeltas", () => {
  it("counts a case in every area on its path, and its department while one holds it", () => {
    expect(scopesOf(openCase)).toEqual(["xhl", "jh", "jh05", "jh0501"]);
    expect(scopesOf({ ...openCase, departmentId: "water" })).toEqual(["xhl", "jh", "jh05", "jh0501", "department:water"]);
  });

  it("moves only what changed, in every scope", () => {
    const deltas = counterDeltas(openCase, { ...openCase, level: "street" });
    expect(deltas).toHaveLength(8);
    expect(deltas).toContainEqual({ scope: "jh05", metric: "open_level:community", value: -1 });
    expect(deltas).toContainEqual({ scope: "jh05", metric: "open_level:street", value: 1 });
    expect(counterDeltas(null, openCase)).toContainEqual({ scope: "xhl", metric: "total", value: 1 });
  });
});

describe("actors in the case history", () => {
  it("writes each kind of actor as a reference, and names staff and API keys only", () => {
    const member = { kind: "staff", id: 7, name: "李四", role: "grid_worker", areaPath: "/xhl/", departmentId: null } as const;
    expect(actorRef(member)).toBe("staff:7");
    expect(actorRef({ kind: "api_key", keyId: "k1", name: "12345 热线" })).toBe("api_key:k1");
    expect(actorRef({ kind: "resident" })).toBe("resident");
    expect(actorRef({ kind: "system" })).toBe("system");
    expect(actorName(member)).toBe("李四");
    expect(actorName({ kind: "api_key", keyId: "k1", name: "12345 热线" })).toBe("12345 热线");
    expect(actorName({ kind: "resident" })).toBeNull();
    expect(actorName({ kind: "system" })).toBeNull();
  });
});
