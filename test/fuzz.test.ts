import { env } from "cloudflare:workers";
import { count, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { caseEvent, caseTable } from "../schema/case.ts";
import { formToken } from "./helpers/forms.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, db, keyHeaders } from "./helpers/worker.ts";

const runs = Number(env.FUZZ_RUNS) || 40;
const params = { numRuns: runs, seed: 20221116, endOnFailure: true };
// A property's time grows with its runs (`npm run fuzz` runs 1,000): tens of milliseconds each.
const timeout = Math.max(30_000, runs * 100);
let key: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  key = await keyHeaders("directory:read", "directory:write", "cases:read", "cases:write");
});

const hostile = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE case; --",
    "%00",
    "../../etc/passwd",
    "\u202e",
    "🦠".repeat(100),
    "x".repeat(5000),
    "",
  ),
  fc.string({ unit: "grapheme", maxLength: 50 }),
);
const segment = fc.oneof(
  hostile,
  fc.constantFrom(
    "JH0501V",
    "jh0501",
    "xhl",
    "01M8D5R7EXFE7A9DTSN8K9KFG5",
    "AAAAAAAAAA",
    "-1",
    "0",
    "null",
    "code",
    "enrol",
    "disable",
    "wh_01JD2X4Q8Z6Y3W5V7T9R1P0N2M",
    "services",
    "service_at_locations",
    "ee288ea0-9c86-863d-8000-000000000000",
  ),
);
const paths = fc.tuple(
  fc.constantFrom(
    "/api/v1/areas/",
    "/api/v1/stations/",
    "/api/v1/cases/",
    "/api/v1/track/",
    "/api/v1/contacts/",
    "/s/",
    "/t/",
    "/open311/v2/requests/",
    "/open311/v2/services/",
    "/staff/cases/",
    "/staff/login/",
    "/staff/security/",
    "/api/v1/webhooks/",
    "/hsds/",
    "/hsds/services/",
    "/hsds/organizations/",
    "/hsds/service_at_locations/",
  ),
  segment,
  fc.constantFrom(
    "",
    "/circle",
    "/events",
    "/actions/accept",
    "/feedback",
    "/report",
    "/qr.svg",
    "/poster",
    ".json",
    ".xml",
    "/deliveries",
  ),
);
const queries = fc.dictionary(
  fc.constantFrom(
    "limit",
    "cursor",
    "area",
    "q",
    "status",
    "lang",
    "active",
    "overdue",
    "created_after",
    "start_date",
    "page",
    "per_page",
    "search",
    "modified_after",
  ),
  hostile,
  { maxKeys: 4 },
);
const bodies = fc.oneof(
  fc.json(),
  hostile,
  fc.uint8Array({ maxLength: 300 }).map((bytes) => bytes as Uint8Array<ArrayBuffer>),
  fc
    .record({ category: hostile, description: hostile, station_code: segment, reporter: fc.record({ name: hostile, phone: hostile }) })
    .map((o) => JSON.stringify(o)),
);
const contentTypes = fc.constantFrom(
  "application/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "text/plain",
  "application/xml",
  "",
);

function encode(path: string) {
  return path
    .split("/")
    .map((part, i) => (i === 0 ? part : encodeURIComponent(part)))
    .join("/");
}

describe("hostile and broken input", () => {
  it(
    "never answers 5xx, always the JSON envelope on the API, never reflects markup",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          paths,
          queries,
          fc.constantFrom("GET", "POST", "PATCH", "DELETE", "PUT"),
          bodies,
          contentTypes,
          fc.boolean(),
          async ([prefix, middle, suffix], query, method, body, type, withKey) => {
            const url = `${prefix}${encode(middle)}${suffix}?${new URLSearchParams(query)}`;
            const headers: Record<string, string> = { ...(type ? { "content-type": type } : {}), ...(withKey ? key : {}) };
            const res = await call(url.replace(/\/\//g, "/"), {
              method,
              headers,
              body: method === "GET" ? undefined : body,
              redirect: "manual",
            });
            expect(res.status, `${method} ${url}`).toBeLessThan(500);
            const text = await res.text();
            // `..` segments may climb out of the prefix: the path that arrives decides.
            const arrived = new URL(url.replace(/\/\//g, "/"), "http://gridstation.test").pathname;
            if (res.status >= 400 && (arrived.startsWith("/api/") || arrived.startsWith("/hsds/"))) {
              const parsed = JSON.parse(text) as { error: { code: string; message: string } };
              expect(typeof parsed.error.code).toBe("string");
            }
            expect(text).not.toContain("<script>alert(1)</script>");
            expect(text).not.toContain("<img src=x onerror");
          },
        ),
        params,
      );
    },
    timeout,
  );

  it(
    "keeps the report form whole: a 4xx page or a case with its event, never a partial write",
    async () => {
      const token = await formToken();
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            category: fc.oneof(hostile, fc.constantFrom("dispute", "emergency")),
            description: hostile,
            name: hostile,
            phone: hostile,
            micro_grid: segment,
          }),
          async (fields) => {
            const form = new FormData();
            form.append("token", token);
            for (const [name, value] of Object.entries(fields)) form.append(name, value);
            const res = await call("/s/JH0501V/report", { method: "POST", body: form, redirect: "manual" });
            expect([303, 400, 429]).toContain(res.status);
            const text = await res.text();
            expect(text).not.toContain("<script>alert(1)</script>");
          },
        ),
        params,
      );
      const [orphans] = await db()
        .select({ n: count() })
        .from(caseTable)
        .where(sql`NOT EXISTS (SELECT 1 FROM ${caseEvent} WHERE ${caseEvent.caseId} = ${caseTable.id} AND ${caseEvent.action} = 'create')`);
      expect(orphans?.n).toBe(0);
    },
    timeout,
  );

  let keyRuns = 0;
  it(
    "files one case per idempotency key whatever is sent with it",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ minLength: 1, maxLength: 20 }).filter((k) => /^[\x21-\x7e]+$/.test(k)),
          fc.array(fc.oneof(hostile, fc.constant("楼道堆物需要清理")), { minLength: 1, maxLength: 3 }),
          async (idempotencyKey, descriptions) => {
            // fast-check may draw the same key in two runs; each run's key is its own.
            const keyed = `fuzz-${++keyRuns}-${idempotencyKey}`;
            const answers = await Promise.all(
              descriptions.map((description) =>
                call("/api/v1/cases", {
                  method: "POST",
                  headers: { ...key, "content-type": "application/json", "idempotency-key": keyed },
                  body: JSON.stringify({ category: "dispute", description, station_code: "JH0501V" }),
                }),
              ),
            );
            const rows = await db().select({ id: caseTable.id }).from(caseTable).where(eq(caseTable.idempotencyKey, keyed));
            // One case when any request was taken (201, or 422 for a later body under the same key), none when all were refused.
            const filed = answers.some((r) => r.status === 201);
            expect(rows.length).toBe(filed ? 1 : 0);
            const ids = new Set(
              await Promise.all(answers.filter((r) => r.status === 201).map(async (r) => ((await r.json()) as { id: string }).id)),
            );
            expect([...ids]).toEqual(rows.map((r) => r.id));
          },
        ),
        params,
      );
    },
    timeout,
  );
});
