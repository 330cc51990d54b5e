import { base32nopad } from "@scure/base";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKey } from "../schema/api-key.ts";
import { staff } from "../schema/staff.ts";
import { staffSession } from "../schema/staff-session.ts";
import { issueApiKey } from "../worker/auth/api-key.ts";
import { removeSecondFactor, replaceRecoveryCodes, unusedRecoveryCodes } from "../worker/auth/second-factor.ts";
import { SESSION_TTL_MS, sessionFor, startSession } from "../worker/auth/session.ts";
import { hotp, verifyTotp } from "../worker/auth/totp.ts";
import { issueDeviceToken, readDeviceToken } from "../worker/auth/trusted-device.ts";
import { sha256Hex } from "../worker/lib/encoding.ts";
import { callWith, recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, json } from "./helpers/worker.ts";

beforeAll(seedDemo);

async function member(role: "grid_worker" | "district_dispatcher") {
  const row = await db().query.staff.findFirst({ where: eq(staff.role, role) });
  return row!;
}

describe("bearer credentials on the API", () => {
  let key: string;
  beforeAll(async () => {
    ({ key } = await issueApiKey(db(), "mutants bearer", ["cases:read"]));
  });

  it("are read from the header written the one way, with any spacing around the key", async () => {
    for (const header of [`Bearer ${key}`, `bearer  ${key}`, `Bearer\t${key}`, `Bearer ${key} `, `Bearer ${key}  `]) {
      const res = await call("/api/v1/cases", { headers: { authorization: header } });
      expect(res.status, header).toBe(200);
    }
  });

  it("are refused when anything else is in the header", async () => {
    for (const header of [`xBearer ${key}`, `Token Bearer ${key}`, `Bearer ${key} extra`, `Bearer ${key}x`, `Bearer${key}`]) {
      const res = await call("/api/v1/cases", { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="gridstation"');
    }
  });

  it("of a malformed shape are refused without a D1 read", async () => {
    const { response, log } = await recordRequest("/api/v1/cases", { headers: { authorization: "Bearer not-a-key" } });
    expect(response.status).toBe(401);
    expect(log.roundTrips).toBe(0);
  });

  it("known in this isolate keep working for the minute after a revocation made elsewhere", async () => {
    const { key: fresh } = await issueApiKey(db(), "mutants cached", ["cases:read"]);
    expect((await call("/api/v1/cases", { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
    await db()
      .update(apiKey)
      .set({ revokedAt: new Date() })
      .where(eq(apiKey.keyHash, await sha256Hex(fresh)));
    expect((await call("/api/v1/cases", { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
  });

  it("with no credentials at all are asked for with WWW-Authenticate", async () => {
    const res = await call("/api/v1/cases");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="gridstation"');
    expect((await json(res)).error.code).toBe("unauthorized");
  });

  it("of an API key cannot take workflow actions", async () => {
    const { key: writer } = await issueApiKey(db(), "mutants writer", ["cases:read", "cases:write"]);
    const [any] = await db().query.caseTable.findMany({ limit: 1 });
    const id = any?.id ?? 1;
    const res = await call(`/api/v1/cases/${id}/actions/note`, {
      method: "POST",
      headers: { authorization: `Bearer ${writer}`, "content-type": "application/json" },
      body: JSON.stringify({ note: "a key cannot do this" }),
    });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe("forbidden");
  });
});

describe("API calls are counted per caller", () => {
  it("by key, by member of staff, and by address for anonymous calls", async () => {
    const keys: string[] = [];
    const API_LIMITER = {
      limit: async ({ key }: { key: string }) => {
        keys.push(key);
        return { success: true };
      },
    };
    const { id, key } = await issueApiKey(db(), "mutants limiter", ["cases:read"]);
    const grid = await signIn("grid_worker", { area: "jh0501" });
    await callWith({ API_LIMITER } as never, "/api/v1/cases", { headers: { authorization: `Bearer ${key}` } });
    await callWith({ API_LIMITER } as never, "/api/v1/cases", { headers: grid.headers });
    await callWith({ API_LIMITER } as never, "/api/v1/cases", { headers: { "cf-connecting-ip": "192.0.2.77" } });
    expect(keys).toEqual([`key:${id}`, `staff:${grid.staff.id}`, "ip:192.0.2.77"]);
  });
});

describe("staff sessions", () => {
  it("start without the second factor unless it was given", async () => {
    const dispatcher = await member("district_dispatcher");
    const { token } = await startSession(db(), dispatcher.id);
    expect((await sessionFor(db(), token))!.secondFactorPending).toBe(true);
    const { token: strong } = await startSession(db(), dispatcher.id, new Date(), true);
    expect((await sessionFor(db(), strong))!.secondFactorPending).toBe(false);
  });

  it("refuse a token of another shape without a lookup, even if a session has its hash", async () => {
    const worker = await member("grid_worker");
    const now = new Date("2026-03-01T08:00:00Z");
    const body = "A".repeat(43);
    for (const token of [`.${body}`, `${body}.`, `${body}A`, `${body.slice(1)}`]) {
      await db()
        .insert(staffSession)
        .values({
          tokenHash: await sha256Hex(token),
          staffId: worker.id,
          expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
          createdAt: now,
          secondFactorAt: null,
        });
      expect(await sessionFor(db(), token, now), token).toBeNull();
    }
  });

  it("are kept for five seconds in the isolate: a revocation made elsewhere shows after them", async () => {
    const worker = await member("grid_worker");
    const t0 = new Date("2026-03-02T08:00:00Z");
    const { token } = await startSession(db(), worker.id, t0);
    expect((await sessionFor(db(), token, t0))!.actor.id).toBe(worker.id);
    await db()
      .update(staffSession)
      .set({ revokedAt: t0 })
      .where(eq(staffSession.tokenHash, await sha256Hex(token)));
    expect((await sessionFor(db(), token, new Date(t0.getTime() + 4_000)))!.actor.id).toBe(worker.id);
    expect(await sessionFor(db(), token, new Date(t0.getTime() + 5_000))).toBeNull();
  });

  it("end at their expiry even while kept in the isolate", async () => {
    const worker = await member("grid_worker");
    const t0 = new Date("2026-03-03T08:00:00Z");
    const { token } = await startSession(db(), worker.id, t0);
    const nearEnd = new Date(t0.getTime() + SESSION_TTL_MS - 2_000);
    expect((await sessionFor(db(), token, nearEnd))!.actor.id).toBe(worker.id);
    expect(await sessionFor(db(), token, new Date(t0.getTime() + SESSION_TTL_MS))).toBeNull();
  });
});

describe("second factor housekeeping", () => {
  it("replaces the recovery codes with ten new ones, and turning the factor off keeps the sessions by default", async () => {
    const worker = await member("grid_worker");
    const first = await replaceRecoveryCodes(db(), worker.id);
    expect(first).toHaveLength(10);
    expect(await unusedRecoveryCodes(db(), worker.id)).toBe(10);
    const second = await replaceRecoveryCodes(db(), worker.id);
    expect(await unusedRecoveryCodes(db(), worker.id)).toBe(10);
    expect(second.some((code) => first.includes(code))).toBe(false);
    const { token } = await startSession(db(), worker.id);
    await removeSecondFactor(db(), worker.id);
    expect(await unusedRecoveryCodes(db(), worker.id)).toBe(0);
    expect(await sessionFor(db(), token)).not.toBeNull();
    await removeSecondFactor(db(), worker.id, { endSessions: true });
    expect(await sessionFor(db(), token)).toBeNull();
  });
});

describe("trusted device tokens", () => {
  it("are read for one- to twelve-digit member ids", async () => {
    for (const staffId of [7, 42, 123, 987654321012]) {
      const token = await issueDeviceToken("device-secret", staffId);
      expect((await readDeviceToken("device-secret", token))?.staffId).toBe(staffId);
    }
  });

  it("are refused with anything before or after them, or another token's signature", async () => {
    const a = await issueDeviceToken("device-secret", 12);
    const b = await issueDeviceToken("device-secret", 12);
    expect(await readDeviceToken("device-secret", `1${a}`)).toBeNull();
    expect(await readDeviceToken("device-secret", `x${a}`)).toBeNull();
    expect(await readDeviceToken("device-secret", `${a}x`)).toBeNull();
    const swapped = `${b.slice(0, b.lastIndexOf("."))}.${a.slice(a.lastIndexOf(".") + 1)}`;
    expect(await readDeviceToken("device-secret", swapped)).toBeNull();
  });
});

describe("TOTP", () => {
  const RFC_SECRET = base32nopad.encode(new TextEncoder().encode("12345678901234567890"));

  it("accepts the code of step 0 at the start of the epoch when nothing was used yet", async () => {
    expect(await verifyTotp(RFC_SECRET, "755224", new Date(10_000), null)).toBe(0);
  });

  it("puts the counter's high word into the message", async () => {
    // RFC 4226 with the 8-byte big-endian counter 2^32: not the code of counter 0 ("755224").
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode("12345678901234567890"),
      { name: "HMAC", hash: "SHA-1" },
      false,
      ["sign"],
    );
    const message = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, message));
    const offset = mac[19]! & 0x0f;
    const binary = (mac[offset]! & 0x7f) * 2 ** 24 + (mac[offset + 1]! << 16) + (mac[offset + 2]! << 8) + mac[offset + 3]!;
    const expected = String(binary % 1_000_000).padStart(6, "0");
    expect(expected).not.toBe("755224");
    expect(await hotp(RFC_SECRET, 2 ** 32)).toBe(expected);
  });
});
