import { decodeTime } from "ulidx";
import { describe, expect, it } from "vitest";
import { newCaseId, newRevision, newTrackingCode, TRACKING_CODE_PATTERN } from "../worker/workflow/ids.ts";

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe("ids", () => {
  it("makes case ids that carry their time and sort by it", () => {
    const earlier = newCaseId(new Date("2026-03-01T08:00:00Z"));
    const later = newCaseId(new Date("2026-03-01T08:00:01Z"));
    expect(earlier).toMatch(ULID);
    expect(decodeTime(earlier)).toBe(Date.parse("2026-03-01T08:00:00Z"));
    expect(earlier < later).toBe(true);
  });

  it("never repeats a revision or a tracking code across thousands, the random pool refilled many times", () => {
    const revisions = Array.from({ length: 5000 }, () => newRevision());
    expect(revisions.every((r) => ULID.test(r))).toBe(true);
    expect(new Set(revisions).size).toBe(revisions.length);
    // Every random character takes each of the 32 symbols: the pool's numbers cover [0, 1).
    expect(new Set(revisions.map((r) => r[25])).size).toBe(32);
    const codes = Array.from({ length: 5000 }, () => newTrackingCode());
    expect(codes.every((c) => TRACKING_CODE_PATTERN.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
