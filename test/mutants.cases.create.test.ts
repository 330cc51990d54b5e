import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { type CaseInput, canonical, contentHash, createCase, creationEvent, newCaseRow } from "../worker/cases/create.ts";
import { createDatabase } from "../worker/db.ts";
import { DomainError } from "../worker/domain-error.ts";
import type { Actor } from "../worker/workflow/actor.ts";
import { domainRefusal } from "./helpers/expect-error.ts";
import { type Recorded, recordingD1 } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db } from "./helpers/worker.ts";

beforeAll(async () => {
  await seedDemo();
});

const KEY_ACTOR: Actor = { kind: "api_key", keyId: "mutants-create", name: "mutants key" };
const NOW = new Date("2026-03-02T08:00:00Z");
const INPUT: CaseInput = { category: "safety_hazard", description: "楼道堆放杂物，堵塞消防通道", stationCode: "JH0501V" };

let counter = 0;
const key = () => `mutants-create-${++counter}`;

/** A database whose case-writing batches fail as `fail(n)` says (n counts those batches from 1). */
function failingWrites(fail: (attempt: number) => Error | undefined) {
  const writes: Recorded[][] = [];
  const { db: d1, log } = recordingD1({
    beforeBatch: (statements) => {
      if (!statements.some((s) => /insert into "case"/i.test(s.sql))) return;
      writes.push(statements);
      const error = fail(writes.length);
      if (error) throw error;
    },
  });
  return { database: createDatabase(d1), writes, log };
}

describe("canonical: JSON with sorted keys", () => {
  it("writes arrays as JSON arrays, in their order", () => {
    expect(canonical([2, "a", null])).toBe('[2,"a",null]');
    expect(canonical([])).toBe("[]");
  });

  it("sorts object keys, leaves out undefined values, and sorts nested objects too", () => {
    expect(canonical({ c: 1, a: 2, b: 3 })).toBe('{"a":2,"b":3,"c":1}');
    expect(canonical({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonical({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
    expect(canonical({ z: "x", skip: undefined, m: true })).toBe('{"m":true,"z":"x"}');
    expect(canonical({ y: [{ d: 1, c: 2 }], x: { q: 1, p: 2 } })).toBe('{"x":{"p":2,"q":1},"y":[{"c":2,"d":1}]}');
    expect(canonical({})).toBe("{}");
  });

  it("writes plain values as JSON", () => {
    expect(canonical(null)).toBe("null");
    expect(canonical("文本")).toBe('"文本"');
    expect(canonical(0)).toBe("0");
  });

  it("hashes the same content the same whatever the key order, and without the photo key", async () => {
    const a = await contentHash({ category: "dispute", description: "噪音", address: "胜利街12号" });
    const b = await contentHash({ address: "胜利街12号", description: "噪音", category: "dispute", photoKey: "photos/abc" });
    expect(a).toBe(b);
    const c = await contentHash({ category: "dispute", description: "噪音", address: "胜利街13号" });
    expect(c).not.toBe(a);
  });
});

describe("newCaseRow and creationEvent", () => {
  it("fills the area columns from the path: street, community and grid", () => {
    const row = newCaseRow(INPUT, "/xhl/jh/jh05/jh0501/", {
      channel: "api",
      actor: KEY_ACTOR,
      now: NOW,
      createdBy: "api_key:x",
      requestHash: null,
    });
    expect([row.streetId, row.communityId, row.gridId, row.level]).toEqual(["jh", "jh05", "jh0501", "grid"]);
    const atCommunity = newCaseRow(INPUT, "/xhl/jh/jh05/", {
      channel: "api",
      actor: KEY_ACTOR,
      now: NOW,
      createdBy: "api_key:x",
      requestHash: null,
    });
    expect([atCommunity.streetId, atCommunity.communityId, atCommunity.gridId, atCommunity.level]).toEqual([
      "jh",
      "jh05",
      null,
      "district",
    ]);
  });

  it("records the channel and an empty previous revision on the creation event", () => {
    const row = newCaseRow(INPUT, "/xhl/jh/jh05/jh0501/", {
      channel: "assistant",
      actor: KEY_ACTOR,
      now: NOW,
      createdBy: "api_key:x",
      requestHash: null,
    });
    const event = creationEvent(row, KEY_ACTOR);
    expect(event.data).toEqual({ channel: "assistant" });
    expect(event.previousRevision).toBe("");
    expect(event.actorName).toBe("mutants key");
  });
});

describe("createCase: place checks", () => {
  it("refuses a micro-grid that does not exist", async () => {
    const error = await domainRefusal(
      createCase(db(), { ...INPUT, microGridId: "jh0501-99" }, { channel: "api", actor: KEY_ACTOR, now: NOW }),
    );
    expect(error.code).toBe("validation_failed");
    expect(error.details).toEqual([{ path: "micro_grid_id", message: "there is no micro-grid jh0501-99" }]);
  });

  it("refuses a place outside the key's area, naming the area", async () => {
    const error = await domainRefusal(createCase(db(), INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW, withinArea: "/xhl/jh/jh01/" }));
    expect(error.code).toBe("forbidden");
    expect(error.message).toBe("This API key files cases only inside its area; the place given is outside it.");
    expect(error.details).toEqual({ area: "/xhl/jh/jh01/" });
  });

  it("files a new case as not replayed, with nobody listening when no webhook is active", async () => {
    const created = await createCase(db(), INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW, idempotencyKey: key() });
    expect(created.replayed).toBe(false);
    expect(created.listened).toBe(false);
    expect(created.case.areaPath).toBe("/xhl/jh/jh05/jh0501/");
  });
});

describe("createCase: idempotency", () => {
  it("answers a repeat with the first case, in one round trip and without writing", async () => {
    const k = key();
    const first = await createCase(db(), INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW, idempotencyKey: k });
    const { database, writes, log } = failingWrites(() => undefined);
    const again = await createCase(database, INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW, idempotencyKey: k });
    expect(again.replayed).toBe(true);
    expect(again.listened).toBe(false);
    expect(again.case.id).toBe(first.case.id);
    expect(writes).toHaveLength(0);
    expect(log.roundTrips).toBe(1);
  });

  it("refuses the same key with another body, naming the first case", async () => {
    const k = key();
    const first = await createCase(db(), INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW, idempotencyKey: k });
    const error = await domainRefusal(
      createCase(db(), { ...INPUT, description: "另一件事" }, { channel: "api", actor: KEY_ACTOR, now: NOW, idempotencyKey: k }),
    );
    expect(error.code).toBe("idempotency_conflict");
    expect(error.message).toBe("This Idempotency-Key was used with a different body.");
    expect(error.details).toEqual({ case_id: first.case.id });
  });

  it("answers as the winner when a concurrent request with the same key filed first", async () => {
    const k = key();
    const first = await createCase(db(), INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW, idempotencyKey: k });
    // The place already checked (as the report form does): the key's earlier case is only met on insert.
    const again = await createCase(db(), INPUT, {
      channel: "api",
      actor: KEY_ACTOR,
      now: NOW,
      idempotencyKey: k,
      checkedAreaPath: "/xhl/jh/jh05/jh0501/",
    });
    expect(again.replayed).toBe(true);
    expect(again.case.id).toBe(first.case.id);
    const rows = await db().select().from(caseTable).where(eq(caseTable.idempotencyKey, k));
    expect(rows).toHaveLength(1);
  });

  it("does not answer with the key's earlier case when the write failed for another reason", async () => {
    const k = key();
    await createCase(db(), INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW, idempotencyKey: k });
    const { database, writes } = failingWrites((n) => (n <= 3 ? new Error("UNIQUE constraint failed: case.tracking_code") : undefined));
    const error = await createCase(database, INPUT, {
      channel: "api",
      actor: KEY_ACTOR,
      now: NOW,
      idempotencyKey: k,
      checkedAreaPath: "/xhl/jh/jh05/jh0501/",
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).toContain("UNIQUE constraint failed: case.tracking_code");
    expect(writes).toHaveLength(3);
  });

  it("passes on a key clash when no winner can be found", async () => {
    const { database } = failingWrites(() => new Error("UNIQUE constraint failed: case.created_by, case.idempotency_key"));
    const error = await createCase(database, INPUT, {
      channel: "api",
      actor: KEY_ACTOR,
      now: NOW,
      idempotencyKey: key(),
      checkedAreaPath: "/xhl/jh/jh05/jh0501/",
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(DomainError);
    expect(String(error)).toContain("UNIQUE constraint failed: case.created_by, case.idempotency_key");
  });
});

describe("createCase: failed writes", () => {
  it("tries a new tracking code after a clash, up to three tries in all", async () => {
    const { database, writes } = failingWrites((n) => (n <= 2 ? new Error("UNIQUE constraint failed: case.tracking_code") : undefined));
    const created = await createCase(database, INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW });
    expect(created.replayed).toBe(false);
    expect(writes).toHaveLength(3);
    const saved = await db().query.caseTable.findFirst({ where: eq(caseTable.id, created.case.id) });
    expect(saved?.trackingCode).toBe(created.case.trackingCode);
  });

  it("gives up after the third clash of tracking codes", async () => {
    const { database, writes } = failingWrites((n) => (n <= 3 ? new Error("UNIQUE constraint failed: case.tracking_code") : undefined));
    const error = await createCase(database, INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).toContain("UNIQUE constraint failed: case.tracking_code");
    expect(writes).toHaveLength(3);
  });

  it("does not retry a clash on another unique index", async () => {
    const { database, writes } = failingWrites((n) =>
      n === 1 ? new Error("UNIQUE constraint failed: case_event.case_id, case_event.previous_revision") : undefined,
    );
    const error = await createCase(database, INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).toContain("UNIQUE constraint failed: case_event.case_id");
    expect(writes).toHaveLength(1);
  });

  it("answers a lost connection with 'unavailable', to try again in 30 seconds", async () => {
    const { database, writes } = failingWrites(() => new Error("D1_ERROR: Network connection lost."));
    const error = await domainRefusal(createCase(database, INPUT, { channel: "api", actor: KEY_ACTOR, now: NOW }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toBe("The case could not be saved just now; nothing was filed. Please send it again shortly.");
    expect(error.retryAfterSeconds).toBe(30);
    expect(writes).toHaveLength(1);
  });
});
