import { beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../worker/cases/create.ts";
import { caseStats, medianResolveHours, scorecard, statsValues, subjectKind } from "../worker/cases/stats.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db } from "./helpers/worker.ts";

const NOW = new Date("2026-03-04T02:00:00Z");

describe("scorecard", () => {
  it("has no rates without cases", () => {
    expect(scorecard({}, "2026-W10")).toEqual({
      total: 0,
      open: 0,
      overdue: 0,
      resolved_this_week: 0,
      share_solved_in_grid: null,
      resolution_rate: null,
      on_time_rate: null,
      reopened: 0,
      reopenings: 0,
      reopen_rate: null,
      satisfaction_rate: null,
    });
  });

  it("leaves rejected and merged cases out of the handled ones, and counts overdue cases", () => {
    const card = scorecard(
      { total: 10, "status:rejected": 2, "status:merged": 3, resolved: 4, reopened: 1, reopenings: 3, overdue: 6 },
      "2026-W10",
    );
    // 4 resolved of the 5 handled; 1 reopened of 5, three times over.
    expect(card.resolution_rate).toBe(0.8);
    expect(card.reopen_rate).toBe(0.2);
    expect([card.reopened, card.reopenings]).toEqual([1, 3]);
    expect(card.overdue).toBe(6);
    expect(card.total).toBe(10);
  });
});

describe("medianResolveHours", () => {
  it("is null with nothing resolved", () => {
    expect(medianResolveHours({})).toBe(null);
    expect(medianResolveHours({ resolved: 0, "resolve_hours:1": 0 })).toBe(null);
  });

  it("is the bound of the bucket where half the resolved cases are reached", () => {
    expect(medianResolveHours({ resolved: 4, "resolve_hours:1": 1, "resolve_hours:8": 3 })).toBe(8);
    // Exactly half in the first bucket: the median is that bucket's bound.
    expect(medianResolveHours({ resolved: 4, "resolve_hours:1": 2, "resolve_hours:24": 2 })).toBe(1);
  });
});

describe("subjectKind and statsValues", () => {
  it("tells a path (even without its final slash) from an id and the district", () => {
    expect(subjectKind(null)).toBe("district");
    expect(subjectKind("/xhl/jh/")).toBe("path");
    expect(subjectKind("/xhl/jh")).toBe("path");
    expect(subjectKind("jh05")).toBe("id");
  });

  it("has no department unless one is given", () => {
    expect(statsValues("/xhl/", NOW).department).toBe("");
    expect(statsValues("/xhl/", NOW, "justice").department).toBe("justice");
  });
});

describe("caseStats", () => {
  beforeAll(async () => {
    await seedDemo();
    const actor = { kind: "api_key", keyId: "mutants-stats", name: "k" } as const;
    await createCase(db(), { category: "dispute", description: "邻里纠纷", stationCode: "JH0502V" }, { channel: "api", actor, now: NOW });
    await createCase(db(), { category: "dispute", description: "噪音扰民", stationCode: "JH0501V" }, { channel: "api", actor, now: NOW });
  });

  it("reads the subject's category counters along with its total", async () => {
    const stats = await caseStats(db(), "/xhl/jh/jh05/", NOW);
    expect(stats.total).toBe(2);
    expect(stats.by_category.dispute).toBe(2);
    expect(stats.by_status.submitted).toBe(2);
  });
});
