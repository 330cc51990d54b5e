import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CaseEventSchema, CaseSchema } from "../schema/api/case.ts";
import { caseEvent, caseTable } from "../schema/case.ts";
import { issueApiKey } from "../worker/auth/api-key.ts";
import { TRACKING_CODE_PATTERN } from "../worker/workflow/ids.ts";
import { REPORT } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json, keyHeaders, sendJson } from "./helpers/worker.ts";

let writer: Record<string, string>;
beforeAll(async () => {
  await seedDemo();
  writer = await keyHeaders("cases:write", "cases:read");
});

const post = (body: unknown, key: string | null, headers = writer) =>
  call("/api/v1/cases", sendJson("POST", body, key === null ? headers : { ...headers, "idempotency-key": key }));

describe("POST /api/v1/cases: happy", () => {
  it("files a case at a station: held by the grid, clock running, creation event written", async () => {
    const before = Date.now();
    const res = await post(REPORT, "happy-1");
    expect(res.status).toBe(201);
    const created = CaseSchema.parse(await res.json());
    expect(res.headers.get("location")).toBe(`/api/v1/cases/${created.id}`);
    expect(created).toMatchObject({
      category: "safety_hazard",
      channel: "api",
      description: REPORT.description,
      place: { station_code: "JH0501V", micro_grid_id: null, area_path: "/xhl/jh/jh05/jh0501/" },
      level: "grid",
      status: "submitted",
      reporter: { name: "王**", phone: "138****5678" },
      overdue: false,
      allowed_actions: [],
    });
    expect(created.tracking_code).toMatch(TRACKING_CODE_PATTERN);
    // Safety hazards: 24 hours at the grid.
    const due = Date.parse(created.due_at) - Date.parse(created.created_at);
    expect(due).toBe(24 * 3600 * 1000);
    expect(Date.parse(created.created_at)).toBeGreaterThanOrEqual(before);

    const events = await db().select().from(caseEvent).where(eq(caseEvent.caseId, created.id));
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.toLevel, e.public])).toEqual([
      ["create", null, "submitted", "grid", true],
    ]);
    CaseEventSchema.array().parse((await json(await call(`/api/v1/cases/${created.id}/events`, { headers: writer }))).items);
  });

  it("places a case in its micro-grid, and an address-only case at the district centre", async () => {
    const inBuilding = CaseSchema.parse(await json(await post({ ...REPORT, micro_grid_id: "jh0501-03" }, "happy-2")));
    expect(inBuilding.place.area_path).toBe("/xhl/jh/jh05/jh0501/jh0501-03/");
    expect(inBuilding.level).toBe("grid");
    const byAddress = CaseSchema.parse(
      await json(
        await post(
          { category: "dispute", description: "小区门口商户占道经营噪音扰民", address: "胜利街12号", lat: 37.9, lng: 112.6 },
          "happy-3",
        ),
      ),
    );
    expect(byAddress).toMatchObject({
      level: "district",
      place: { area_path: "/xhl/", address: "胜利街12号", lat: 37.9, lng: 112.6 },
      reporter: null,
    });
  });

  it("files as staff without an idempotency key, on the assistant channel for assistants", async () => {
    const assistant = await signIn("grid_assistant", { area: "jh0501-02" });
    const res = await post({ ...REPORT, micro_grid_id: "jh0501-02" }, null, assistant.headers);
    expect(res.status).toBe(201);
    const created = CaseSchema.parse(await res.json());
    expect(created.channel).toBe("assistant");
  });

  it("gives different cases different, unguessable tracking codes", async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) codes.add(CaseSchema.parse(await json(await post(REPORT, `codes-${i}`))).tracking_code);
    expect(codes.size).toBe(5);
  });
});

describe("POST /api/v1/cases: idempotency", () => {
  it("gives back the first case for the same key and body, without a second insert", async () => {
    const first = CaseSchema.parse(await json(await post(REPORT, "same-key")));
    const again = await post(REPORT, "same-key");
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(CaseSchema.parse(await again.json()).id).toBe(first.id);
    const rows = await db().select().from(caseTable).where(eq(caseTable.idempotencyKey, "same-key"));
    expect(rows).toHaveLength(1);
  });

  it("answers 422 for the same key with another body", async () => {
    await post(REPORT, "reused-key");
    const error = await expectError(
      await post({ ...REPORT, description: "另一件事情，完全不同" }, "reused-key"),
      422,
      "idempotency_conflict",
    );
    expect(error.message).toContain("different body");
  });

  it("makes one case of two concurrent posts with one key", async () => {
    const [a, b] = await Promise.all([post(REPORT, "racing-key"), post(REPORT, "racing-key")]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [ca, cb] = [CaseSchema.parse(await a.json()), CaseSchema.parse(await b.json())];
    expect(ca.id).toBe(cb.id);
    const rows = await db().select().from(caseTable).where(eq(caseTable.idempotencyKey, "racing-key"));
    expect(rows).toHaveLength(1);
    const events = await db().select().from(caseEvent).where(eq(caseEvent.caseId, ca.id));
    expect(events).toHaveLength(1);
  });

  it("keeps keys apart per client", async () => {
    const other = await keyHeaders("cases:write");
    const mine = CaseSchema.parse(await json(await post(REPORT, "shared-name")));
    const theirs = CaseSchema.parse(await json(await post(REPORT, "shared-name", other)));
    expect(theirs.id).not.toBe(mine.id);
  });
});

describe("POST /api/v1/cases: free text", () => {
  it("drops control characters (but tab and new line) from every text a case is filed with", async () => {
    const res = await post(
      { ...REPORT, description: "井盖\u0000松动\t第二行\n第三\u007f行\u0008", reporter: { name: "王\u001f女士", phone: "13812345678" } },
      "controls-1",
    );
    expect(res.status).toBe(201);
    const created = CaseSchema.parse(await res.json());
    const row = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, created.id) }))!;
    expect([row.description, row.reporterName]).toEqual(["井盖松动\t第二行\n第三行", "王女士"]);
    // A text that is nothing but control characters is an empty text.
    await expectError(
      await post({ ...REPORT, description: "\u0001\u0002\u0003\u0004\u0005\u0006" }, "controls-2"),
      400,
      "validation_failed",
    );
  });

  it("drops them from staff notes too", async () => {
    const grid = await signIn("grid_worker", { area: "jh0501" });
    const filed = CaseSchema.parse(await (await post(REPORT, "controls-3")).json());
    const noted = await call(
      `/api/v1/cases/${filed.id}/actions/note`,
      sendJson("POST", { note: "已联系\u0007物业", public: false }, grid.headers),
    );
    expect(noted.status).toBe(200);
    const events = await db().select().from(caseEvent).where(eq(caseEvent.caseId, filed.id));
    expect(events.at(-1)!.text).toBe("已联系物业");
  });
});

describe("POST /api/v1/cases: an API key limited to an area", () => {
  it("files inside its area and is refused outside it, on the API and on Open311", async () => {
    const { key } = await issueApiKey(db(), "grid jh0503 only", ["cases:write", "cases:read"], "/xhl/jh/jh05/jh0503/");
    const headers = { authorization: `Bearer ${key}` };
    const inside = await post({ ...REPORT, station_code: "JH0503V" }, "area-1", headers);
    expect(inside.status).toBe(201);
    const outside = await post({ ...REPORT, station_code: "JH0501V" }, "area-2", headers);
    await expectError(outside, 403, "forbidden");
    const addressOnly = await post({ category: "dispute", description: "胜利街1号门口有人吵架", address: "胜利街1号" }, "area-3", headers);
    await expectError(addressOnly, 403, "forbidden");
    const before = (await db().select().from(caseTable)).length;
    const open311 = await call("/open311/v2/requests.json", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        api_key: key,
        service_code: "dispute",
        address_id: "JH0501V",
        description: "邻居装修噪音很大",
      }).toString(),
    });
    expect(open311.status).toBe(403);
    expect(await open311.json()).toEqual([{ code: 403, description: "this api_key files requests only inside its area" }]);
    expect((await db().select().from(caseTable)).length).toBe(before);
  });
});

describe("POST /api/v1/cases: errors", () => {
  it("requires an Idempotency-Key from API clients", async () => {
    const error = await expectError(await post(REPORT, null), 400, "validation_failed");
    expect(error.details).toEqual([{ path: "idempotency-key", message: "required for API keys" }]);
  });

  it("names each invalid field and refuses fields a client may not set", async () => {
    const body = {
      category: "noise",
      description: "  ",
      reporter: { phone: "12345" },
      status: "closed",
      level: "district",
      tracking_code: "X",
    };
    const error = await expectError(await post(body, "bad-1"), 400, "validation_failed");
    const text = JSON.stringify(error.details);
    for (const field of ["category", "description", "reporter.phone", "status", "level", "tracking_code"]) expect(text).toContain(field);
  });

  it("takes a description of 1 to 4,000 characters", async () => {
    for (const [key, description] of [
      ["short-1", "坏"],
      ["short-2", "路灯坏了"],
      ["long-1", "灯".repeat(4000)],
    ] as const) {
      const res = await post({ ...REPORT, description }, key);
      expect(res.status, await res.clone().text()).toBe(201);
      expect(CaseSchema.parse(await res.json()).description).toBe(description);
    }
    const over = await expectError(await post({ ...REPORT, description: "灯".repeat(4001) }, "long-2"), 400, "validation_failed");
    expect(over.details).toEqual([{ path: "description", message: expect.stringContaining("4000") }]);
    const empty = await expectError(await post({ ...REPORT, description: "" }, "empty-1"), 400, "validation_failed");
    expect(empty.details).toEqual([{ path: "description", message: "describe the problem" }]);
  });

  it("checks the place", async () => {
    const unknown = await expectError(await post({ ...REPORT, station_code: "JH9999V" }, "bad-2"), 400, "validation_failed");
    expect(unknown.details).toEqual([{ path: "station_code", message: "there is no station JH9999V" }]);
    const elsewhere = await expectError(await post({ ...REPORT, micro_grid_id: "jh0101-01" }, "bad-3"), 400, "validation_failed");
    expect(elsewhere.details).toEqual([{ path: "micro_grid_id", message: "jh0101-01 is not in the grid of station JH0501V" }]);
    const half = await expectError(await post({ ...REPORT, lat: 37.9 }, "bad-4"), 400, "validation_failed");
    expect(half.details).toEqual([{ path: "lng", message: "give lat and lng together" }]);
  });

  it("needs credentials with cases:write", async () => {
    await expectError(await post(REPORT, "k", {}), 401, "unauthorized");
    const reader = await keyHeaders("cases:read");
    await expectError(await post(REPORT, "k", reader), 403, "forbidden");
  });
});
