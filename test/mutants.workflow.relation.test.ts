// Who sees, holds and supervises a case, and how the engine sums that up, checked on plain rows;
// plus the store's reading of D1's unique-index errors and the tracking code's rejection sampling.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CaseRow } from "../schema/case.ts";
import type { CaseLevel } from "../schema/constants.ts";
import type { StaffActor } from "../worker/workflow/actor.ts";
import { relationOf } from "../worker/workflow/engine.ts";
import { newRevision, newTrackingCode } from "../worker/workflow/ids.ts";
import { levelBelow } from "../worker/workflow/levels.ts";
import { canSee, isHolder, isSupervisor } from "../worker/workflow/relation.ts";
import { isUniqueViolation } from "../worker/workflow/store.ts";

const staff = (role: StaffActor["role"], areaPath: string | null, over: Partial<StaffActor> = {}): StaffActor => ({
  kind: "staff",
  id: 7,
  name: "某人",
  role,
  areaPath,
  departmentId: null,
  ...over,
});

const gridCase = { areaPath: "/xhl/jh/jh05/jh0501/", departmentId: null, createdBy: "api_key:k1", level: "grid" as CaseLevel };
const inOther = { ...gridCase, areaPath: "/xhl/jh/jh06/jh0601/" };

describe("canSee", () => {
  it("lets an admin without an area see any case", () => {
    expect(canSee(staff("admin", null), inOther)).toBe(true);
  });

  it("lets a grid worker see a case inside the grid, not outside", () => {
    expect(canSee(staff("grid_worker", "/xhl/jh/jh05/jh0501/"), gridCase)).toBe(true);
    expect(canSee(staff("grid_worker", "/xhl/jh/jh05/jh0501/"), inOther)).toBe(false);
  });

  it("lets an assistant see what they filed outside their area, but not what someone else filed", () => {
    const assistant = staff("grid_assistant", "/xhl/jh/jh05/jh0501/jh0501-01/");
    expect(canSee(assistant, { ...inOther, createdBy: "staff:7" })).toBe(true);
    expect(canSee(assistant, { ...inOther, createdBy: "staff:8" })).toBe(false);
    expect(canSee(assistant, { ...inOther, createdBy: "" })).toBe(false);
  });

  it("does not let a grid worker see a case outside their grid just because they filed it", () => {
    expect(canSee(staff("grid_worker", "/xhl/jh/jh05/jh0501/"), { ...inOther, createdBy: "staff:7" })).toBe(false);
  });

  it("lets a department officer see only their department's cases", () => {
    const officer = staff("department_officer", null, { departmentId: "market_supervision" });
    expect(canSee(officer, { ...gridCase, departmentId: "market_supervision" })).toBe(true);
    expect(canSee(officer, { ...gridCase, departmentId: "public_security" })).toBe(false);
  });
});

describe("isHolder and isSupervisor", () => {
  it("makes a grid worker the holder of a grid case in their grid only", () => {
    expect(isHolder(staff("grid_worker", "/xhl/jh/jh05/jh0501/"), gridCase)).toBe(true);
    expect(isHolder(staff("grid_worker", "/xhl/jh/jh06/jh0601/"), gridCase)).toBe(false);
    expect(isHolder(staff("community_staff", "/xhl/jh/jh05/"), gridCase)).toBe(false);
  });

  it("makes an admin the holder of a case at any level", () => {
    expect(isHolder(staff("admin", "/xhl/"), { ...gridCase, level: "community" })).toBe(true);
  });

  it("makes the community the supervisor of its grids, not another community, nor the grid itself", () => {
    expect(isSupervisor(staff("community_staff", "/xhl/jh/jh05/"), gridCase)).toBe(true);
    expect(isSupervisor(staff("community_staff", "/xhl/jh/jh06/"), gridCase)).toBe(false);
    expect(isSupervisor(staff("grid_worker", "/xhl/jh/jh05/jh0501/"), gridCase)).toBe(false);
  });

  it("gives the district centre no supervisor but an admin", () => {
    expect(isSupervisor(staff("district_dispatcher", "/xhl/"), { ...gridCase, level: "district" })).toBe(false);
    expect(isSupervisor(staff("admin", "/xhl/"), { ...gridCase, level: "district" })).toBe(true);
  });
});

describe("relationOf", () => {
  const row = gridCase as unknown as CaseRow;
  it("sees a resident only as a resident", () => {
    expect(relationOf({ kind: "resident" }, row)).toEqual({
      holder: false,
      supervisor: false,
      district: false,
      staff: false,
      resident: true,
      system: false,
    });
  });

  it("sees the scheduler only as the system", () => {
    expect(relationOf({ kind: "system" }, row)).toEqual({
      holder: false,
      supervisor: false,
      district: false,
      staff: false,
      resident: false,
      system: true,
    });
  });

  it("sees the grid worker as holder and staff, the community as supervisor and staff", () => {
    expect(relationOf(staff("grid_worker", "/xhl/jh/jh05/jh0501/"), row)).toEqual({
      holder: true,
      supervisor: false,
      district: false,
      staff: true,
      resident: false,
      system: false,
    });
    expect(relationOf(staff("community_staff", "/xhl/jh/jh05/"), row)).toEqual({
      holder: false,
      supervisor: true,
      district: false,
      staff: true,
      resident: false,
      system: false,
    });
  });

  it("sees district dispatchers and admins as district staff, no one else", () => {
    expect(relationOf(staff("district_dispatcher", "/xhl/"), row)).toMatchObject({ district: true, staff: true });
    expect(relationOf(staff("admin", "/xhl/"), row)).toMatchObject({ district: true });
    expect(relationOf(staff("street_officer", "/xhl/jh/"), row)).toMatchObject({ district: false, staff: true });
    expect(relationOf(staff("district_dispatcher", "/other/"), row)).toMatchObject({ district: false, staff: false });
  });

  it("sees staff of another area as nothing", () => {
    expect(relationOf(staff("grid_worker", "/xhl/jh/jh06/jh0601/"), row)).toEqual({
      holder: false,
      supervisor: false,
      district: false,
      staff: false,
      resident: false,
      system: false,
    });
  });
});

describe("isUniqueViolation", () => {
  const INDEX = "case_event.previous_revision";
  it("reads the message of the error's cause (how drizzle wraps D1's error)", () => {
    const wrapped = new Error("Failed query: insert into case_event", {
      cause: new Error("UNIQUE constraint failed: case_event.case_id, case_event.previous_revision"),
    });
    expect(isUniqueViolation(wrapped, INDEX)).toBe(true);
  });

  it("reads the error itself when it has no cause", () => {
    expect(
      isUniqueViolation(new Error("D1_ERROR: UNIQUE constraint failed: case_event.case_id, case_event.previous_revision"), INDEX),
    ).toBe(true);
  });

  it("is false for a unique violation of another index", () => {
    expect(isUniqueViolation(new Error("UNIQUE constraint failed: case.tracking_code"), INDEX)).toBe(false);
  });

  it("is false for another error naming the index", () => {
    expect(isUniqueViolation(new Error("NOT NULL constraint failed: case_event.previous_revision"), INDEX)).toBe(false);
  });

  it("is false for an unrelated error, and for nothing at all", () => {
    expect(isUniqueViolation(new Error("network lost"), INDEX)).toBe(false);
    expect(isUniqueViolation(null, INDEX)).toBe(false);
    expect(isUniqueViolation(undefined, INDEX)).toBe(false);
  });
});

describe("newTrackingCode", () => {
  afterEach(() => vi.restoreAllMocks());

  it("skips bytes 250 to 255 and maps the rest modulo 25 onto the alphabet", () => {
    // Alphabet "34679ACDEFGHJKMNPQRTUVWXY": 0→3, 1→4, 2→6, 24→Y, 25→3, 249→Y.
    const bytes = [250, 251, 255, 0, 1, 2, 24, 25, 249, 3, 4, 5, 6, 7, 8, 9];
    vi.spyOn(crypto, "getRandomValues").mockImplementationOnce(<T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).set(bytes);
      return array;
    });
    expect(newTrackingCode()).toBe("346Y3Y79AC");
  });
});

describe("levelBelow", () => {
  it("has nothing below the grid, and the district below the department", () => {
    expect(levelBelow("grid")).toBeNull();
    expect(levelBelow("community")).toBe("grid");
    expect(levelBelow("department")).toBe("district");
  });
});

describe("ULID randomness", () => {
  afterEach(() => vi.restoreAllMocks());

  it("draws it from the CSPRNG 64 words at a time, not once per character", () => {
    const spy = vi.spyOn(crypto, "getRandomValues");
    // 64 ULIDs have 64 × 16 = 1024 random characters: 16 pools of 64 words, or 17 when the first
    // pool was already partly used by an earlier id.
    const made = new Set(Array.from({ length: 64 }, () => newRevision()));
    expect(made.size).toBe(64);
    const fills = spy.mock.calls.length;
    expect(fills).toBeGreaterThanOrEqual(16);
    expect(fills).toBeLessThanOrEqual(17);
  });
});
