// The engine's refusals, through performAction on the demo district, on a fixed clock: what an
// action names must exist and fit the case, and the messages say what was wrong.
import { beforeAll, describe, expect, it } from "vitest";
import type { CaseRow } from "../schema/case.ts";
import { createCase } from "../worker/cases/create.ts";
import { createDatabase } from "../worker/db.ts";
import type { DomainError } from "../worker/domain-error.ts";
import { ACTIONS } from "../worker/workflow/actions.ts";
import { type StaffActor, staffActorOf } from "../worker/workflow/actor.ts";
import { performAction } from "../worker/workflow/engine.ts";
import { commitTransition } from "../worker/workflow/store.ts";
import { recordingD1 } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { db } from "./helpers/worker.ts";

const HOUR = 3600_000;
const T0 = Date.parse("2026-03-02T02:00:00Z");
const at = (ms: number) => new Date(T0 + ms);

type Who = "grid" | "otherGrid" | "community" | "district";
const actors = {} as Record<Who, StaffActor>;
const ids = {} as Record<Who, number>;

beforeAll(async () => {
  await seedDemo();
  const rows = {
    grid: (await signIn("grid_worker", { area: "jh0501" })).staff,
    otherGrid: (await signIn("grid_worker", { area: "jh0502" })).staff,
    community: (await signIn("community_staff", { area: "jh05" })).staff,
    district: (await signIn("district_dispatcher", { area: "xhl" })).staff,
  };
  for (const [who, row] of Object.entries(rows) as [Who, (typeof rows)["grid"]][]) {
    actors[who] = staffActorOf(row);
    ids[who] = row.id;
  }
});

async function hazard(stationCode = "JH0501V") {
  const filed = await createCase(
    db(),
    { category: "safety_hazard", description: "楼道堆放杂物，堵塞消防通道", stationCode },
    { channel: "api", actor: { kind: "api_key", keyId: "mutants", name: "mutants" }, now: at(0) },
  );
  return filed.case;
}

const act = (who: Who, row: CaseRow, action: Parameters<typeof performAction>[3], payload: Record<string, unknown>, when = at(HOUR)) =>
  performAction(db(), actors[who], row.id, action, payload, when);
const refused = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: DomainError) => e,
  );

describe("assign", () => {
  it("assigns a grid worker of the case's grid", async () => {
    const c = await hazard();
    const after = await act("grid", c, "assign", { assignee_id: ids.grid });
    expect(after.assigneeId).toBe(ids.grid);
  });

  it("refuses staff that does not exist", async () => {
    const e = await refused(act("grid", await hazard(), "assign", { assignee_id: 987654 }));
    expect(e.code).toBe("validation_failed");
    expect(e.details).toEqual([{ path: "assignee_id", message: "staff 987654 cannot take this case" }]);
  });

  it("refuses staff of another level, even in the area", async () => {
    const e = await refused(act("grid", await hazard(), "assign", { assignee_id: ids.community }));
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe("The assignee must be active staff of the level and area holding the case.");
  });

  it("refuses a grid worker of another grid", async () => {
    const e = await refused(act("grid", await hazard(), "assign", { assignee_id: ids.otherGrid }));
    expect(e.code).toBe("validation_failed");
  });
});

describe("dispatch", () => {
  it("refuses a department that does not exist", async () => {
    const c = await hazard();
    await act("grid", c, "escalate", { reason: "上报" });
    await act("community", c, "escalate", { reason: "上报" });
    // The street whistles it to the district.
    const street = staffActorOf((await signIn("street_officer", { area: "jh" })).staff);
    await performAction(db(), street, c.id, "whistle", { reason: "吹哨" }, at(HOUR));
    const e = await refused(act("district", c, "dispatch", { department_id: "no_such_bureau" }));
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe("There is no department no_such_bureau.");
    expect(e.details).toEqual([{ path: "department_id", message: "unknown department" }]);
  });
});

describe("merge", () => {
  it("refuses a case that does not exist", async () => {
    const e = await refused(act("grid", await hazard(), "merge", { into_case_id: "01NOSUCHCASE" }));
    expect(e.message).toBe("Cannot merge: no such case in your area.");
    expect(e.details).toEqual([{ path: "into_case_id", message: "no such case in your area" }]);
  });

  it("refuses a case in another grid", async () => {
    const elsewhere = await hazard("JH0502V");
    const e = await refused(act("grid", await hazard(), "merge", { into_case_id: elsewhere.id }));
    expect(e.message).toBe("Cannot merge: no such case in your area.");
  });

  it("refuses a case that is already finished", async () => {
    const finished = await hazard();
    await act("grid", finished, "reject", { reason: "不属实" });
    const e = await refused(act("grid", await hazard(), "merge", { into_case_id: finished.id }));
    expect(e.message).toBe("Cannot merge: the case to merge into is already finished.");
    expect(e.details).toEqual([{ path: "into_case_id", message: "the case to merge into is already finished" }]);
  });

  it("refuses the case itself", async () => {
    const c = await hazard();
    const e = await refused(act("grid", c, "merge", { into_case_id: c.id }));
    expect(e.message).toBe("Cannot merge: a case cannot be merged into itself.");
  });

  it("merges into an open case in the grid", async () => {
    const target = await hazard();
    const after = await act("grid", await hazard(), "merge", { into_case_id: target.id });
    expect(after.status).toBe("merged");
    expect(after.mergedInto).toBe(target.id);
  });
});

describe("messages", () => {
  it("says what is allowed now when the action does not fit", async () => {
    const c = await hazard();
    const e = await refused(act("grid", c, "register", {}));
    expect(e.code).toBe("invalid_transition");
    expect(e.message).toBe(
      "You cannot register this case while it is submitted at the grid level. Allowed now: accept, assign, escalate, extend, reject, merge, note.",
    );
  });

  it("names the fields an action lacks", async () => {
    const c = await hazard();
    await act("grid", c, "accept", {});
    const e = await refused(act("grid", c, "resolve", {}));
    expect(e.code).toBe("validation_failed");
    expect(e.message).toBe("resolve needs resolution.");
    expect(e.details).toEqual([{ path: "resolution", message: "required for resolve" }]);
  });
});

describe("commitTransition", () => {
  it("tells a lost race by its message", async () => {
    const c = await hazard();
    const accept = ACTIONS.accept!.apply(c, {}, { now: at(HOUR), refs: {} });
    await commitTransition(db(), c, "accept", actors.grid, accept, at(HOUR));
    const e = await refused(commitTransition(db(), c, "accept", actors.grid, accept, at(HOUR)));
    expect(e.code).toBe("conflict");
    expect(e.message).toBe("The case changed while this action was taken; load it again and retry.");
  });

  it("passes any other failure of the database on as it is", async () => {
    const c = await hazard();
    const { db: failing } = recordingD1({
      beforeBatch: () => {
        throw new Error("D1_ERROR: database is locked");
      },
    });
    const accept = ACTIONS.accept!.apply(c, {}, { now: at(HOUR), refs: {} });
    const e = await refused(commitTransition(createDatabase(failing), c, "accept", actors.grid, accept, at(HOUR)));
    expect(e.message).toBe("D1_ERROR: database is locked");
    expect((e as { code?: unknown }).code).toBeUndefined();
  });
});
