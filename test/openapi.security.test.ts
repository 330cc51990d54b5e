// One security suite over the OpenAPI document: every operation it marks as secured is called
// with no credentials, a wrong key, a key without the scope, and staff of another area, and must
// refuse each the documented way. The operations come from the document itself, so a new route
// is covered the day it is added (and one this file does not know fails below until it is).
import { beforeAll, describe, expect, it } from "vitest";
import { API_SCOPES, type ApiScope } from "../schema/constants.ts";
import { fileCase } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signInCast } from "./helpers/staff.ts";
import { call, json, keyHeaders, sendJson } from "./helpers/worker.ts";

type Security = Record<string, string[]>[];
interface Operation {
  method: string;
  template: string;
  security: Security | undefined;
  requestBody?: unknown;
}

let operations: Operation[];
let people: Awaited<ReturnType<typeof signInCast>>;
const sample: Record<string, string> = {};

beforeAll(async () => {
  await seedDemo();
  people = await signInCast();
  const filed = await fileCase();
  sample.caseId = filed.id;
  sample.tracking = filed.tracking_code;
  const contacts = await json<{ items: { id: number }[] }>(
    await call("/api/v1/contacts?area=jh0501", { headers: await keyHeaders("directory:read") }),
  );
  sample.contactId = String(contacts.items[0]!.id);
  const doc = await json<{ paths: Record<string, Record<string, { security?: Security; requestBody?: unknown }>> }>(
    await call("/openapi.json"),
  );
  operations = Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      template,
      security: op.security,
      requestBody: op.requestBody,
    })),
  );
});

const name = (op: Operation) => `${op.method} ${op.template}`;
const secured = () => operations.filter((op) => (op.security?.length ?? 0) > 0);

/** The path with real values: a case in grid jh0501, its station, one of its contacts. */
function pathOf(op: Operation): string {
  return op.template
    .replace("/cases/{id}", `/cases/${sample.caseId}`)
    .replace("/contacts/{id}", `/contacts/${sample.contactId}`)
    .replace("/webhooks/{id}", "/webhooks/01JD2X4Q8Z6Y3W5V7T9R1P0N2M")
    .replace("{code}", op.template.startsWith("/api/v1/track") ? sample.tracking! : "JH0501V")
    .replace("{action}", "accept")
    .replace("{id}", "jh0501");
}

function request(op: Operation, headers: Record<string, string> = {}): Promise<Response> {
  const init = op.requestBody
    ? sendJson(op.method, {}, { "idempotency-key": crypto.randomUUID(), ...headers })
    : { method: op.method, headers };
  return call(pathOf(op), init);
}

const scopesOf = (security: Security) => security.flatMap((s) => s.bearerAuth ?? []) as ApiScope[];
const staffMay = (security: Security) => security.some((s) => "staffSession" in s);

/**
 * What staff of another area (grid jh0502, or a department officer for the directory) meet on
 * each operation a staff session may call: the case in jh0501 is not theirs to see (404), an area
 * above theirs is not theirs to read (403). Operations without an object or area say why not.
 */
type Refusal = { query?: string; status: number; code: "not_found" | "forbidden" };
/** Answered, but without the other area's cases (which the case's own grid does get). */
type Filtered = { query: string; filtered: true };
const OTHER_AREA: Record<string, Refusal | Filtered | { unscoped: string }> = {
  "GET /api/v1/cases": { query: "?area=/xhl/jh/jh05/jh0501/", status: 403, code: "forbidden" },
  "POST /api/v1/cases": { unscoped: "staff file a case at any station (a resident may ask anyone); the workflow scopes it after" },
  "GET /api/v1/cases/{id}": { status: 404, code: "not_found" },
  "GET /api/v1/cases/{id}/events": { status: 404, code: "not_found" },
  "GET /api/v1/cases/similar": { query: "?station_code=JH0501V&category=safety_hazard", filtered: true },
  "POST /api/v1/cases/{id}/actions/{action}": { status: 404, code: "not_found" },
  "GET /api/v1/contacts": { unscoped: "the directory is the district's: every member may look up any area's contacts (directory:read)" },
  "GET /api/v1/events": { unscoped: "the feed holds only the caller's own area's events (test/events.test.ts)" },
  "GET /api/v1/stats": { query: "?area=jh0501", status: 403, code: "forbidden" },
};

describe("every secured operation in the OpenAPI document", () => {
  it("is known to this suite (the staff-of-another-area table covers each one a session may call)", () => {
    expect(secured().length).toBeGreaterThan(10);
    const staffOps = secured()
      .filter((op) => staffMay(op.security!))
      .map(name)
      .sort();
    expect(staffOps).toEqual(Object.keys(OTHER_AREA).sort());
  });

  it("refuses a call without credentials: 401 unauthorized", async () => {
    for (const op of secured()) {
      const res = await request(op);
      expect([name(op), res.status]).toEqual([name(op), 401]);
      await expectError(res, 401, "unauthorized");
    }
  });

  it("refuses a key that is not one: 401 unauthorized with WWW-Authenticate", async () => {
    for (const op of secured()) {
      const res = await request(op, { authorization: "Bearer gs_live_0000000000000000000000000000000000000000" });
      expect([name(op), res.status]).toEqual([name(op), 401]);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="gridstation"');
      await expectError(res, 401, "unauthorized");
    }
  });

  it("refuses a key without the operation's scope: 403 forbidden", async () => {
    for (const op of secured()) {
      const needed = scopesOf(op.security!);
      // A staff-only operation refuses every key; otherwise a key with every scope but the needed ones.
      const others = API_SCOPES.filter((s) => !needed.includes(s));
      const res = await request(op, await keyHeaders(...(needed.length === 0 ? API_SCOPES : others)));
      expect([name(op), res.status]).toEqual([name(op), 403]);
      await expectError(res, 403, "forbidden");
    }
  });

  it("refuses staff where the document allows only keys: 403 forbidden", async () => {
    for (const op of secured().filter((o) => !staffMay(o.security!))) {
      const res = await request(op, people.grid);
      expect([name(op), res.status]).toEqual([name(op), 403]);
      await expectError(res, 403, "forbidden");
    }
  });

  it("refuses staff of another area the documented way", async () => {
    for (const op of secured().filter((o) => staffMay(o.security!))) {
      const expected = OTHER_AREA[name(op)];
      expect([name(op), expected]).not.toEqual([name(op), undefined]);
      if (!expected || "unscoped" in expected) continue;
      const path = pathOf(op) + (expected.query ?? "");
      if ("filtered" in expected) {
        const own = await json<{ items: { id: string }[] }>(await call(path, { headers: people.grid }));
        expect(own.items.map((c) => c.id)).toContain(sample.caseId);
        const res = await call(path, { headers: people.otherGrid });
        expect([name(op), res.status, (await json<{ items: unknown[] }>(res)).items]).toEqual([name(op), 200, []]);
        continue;
      }
      const init = op.requestBody ? sendJson(op.method, {}, people.otherGrid) : { method: op.method, headers: people.otherGrid };
      const res = await call(path, init);
      expect([name(op), res.status]).toEqual([name(op), expected.status]);
      await expectError(res, expected.status, expected.code);
    }
  });

  it("answers the operations it leaves open without asking for credentials", async () => {
    for (const op of operations.filter((o) => (o.security?.length ?? 0) === 0 && o.method === "GET")) {
      const res = await request(op);
      expect([name(op), res.status === 401 || res.status === 403]).toEqual([name(op), false]);
    }
  });
});
