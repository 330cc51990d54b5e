// A known API key or live session is recognised without hashing it again (the SHA-256 showed as a
// seventh of a case list's CPU on Node), and what the caches give back is still what D1 says.
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { apiKey } from "../schema/api-key.ts";
import { staff } from "../schema/staff.ts";
import { authenticateApiKey, forgetApiKeys, issueApiKey } from "../worker/auth/api-key.ts";
import { csrfMatches, csrfToken, signedCsrfTokens } from "../worker/auth/csrf.ts";
import { forgetSessions, sessionFor, startSession } from "../worker/auth/session.ts";
import { toBase64Url } from "../worker/lib/encoding.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db } from "./helpers/worker.ts";

beforeAll(seedDemo);
afterEach(() => vi.restoreAllMocks());

/** What was hashed since the spy was set (other work of the runtime may hash meanwhile: only these texts count). */
const hashed = (digest: { mock: { calls: unknown[][] } }) =>
  digest.mock.calls.map(([, data]) => new TextDecoder().decode(data as Uint8Array));

describe("a known API key", () => {
  it("is recognised again without a digest, and a revocation forgotten in this isolate refuses it at once", async () => {
    const { id, key } = await issueApiKey(db(), "credential cache", ["cases:read"]);
    expect((await authenticateApiKey(db(), key))?.kind).toBe("api_key");
    const digest = vi.spyOn(crypto.subtle, "digest");
    expect(await authenticateApiKey(db(), key)).toMatchObject({ kind: "api_key", keyId: id });
    expect(hashed(digest)).not.toContain(key);
    // Another key of the same shape is not taken for it: it is hashed and looked up.
    const other = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    expect(await authenticateApiKey(db(), other)).toBeNull();
    expect(hashed(digest)).toContain(other);
    await db().update(apiKey).set({ revokedAt: new Date() }).where(eq(apiKey.id, id));
    forgetApiKeys();
    expect(await authenticateApiKey(db(), key)).toBeNull();
  });
});

describe("a live session", () => {
  it("is recognised again without a digest, and sign-outs and staff changes forgotten in this isolate end it at once", async () => {
    const member = (await db().query.staff.findFirst({ where: eq(staff.role, "grid_worker") }))!;
    const { token } = await startSession(db(), member.id);
    expect((await sessionFor(db(), token))?.actor.id).toBe(member.id);
    const digest = vi.spyOn(crypto.subtle, "digest");
    expect((await sessionFor(db(), token))?.actor.id).toBe(member.id);
    expect(hashed(digest)).not.toContain(token);
    await db().update(staff).set({ active: false }).where(eq(staff.id, member.id));
    try {
      forgetSessions();
      expect(await sessionFor(db(), token)).toBeNull();
    } finally {
      await db().update(staff).set({ active: true }).where(eq(staff.id, member.id));
      forgetSessions();
    }
  });
});

describe("a staff page's CSRF token", () => {
  const expected = async (secret: string, session: string) => {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`csrf|${session}`));
    return toBase64Url(new Uint8Array(mac)).slice(0, 32);
  };

  it("is signed once per session, is the HMAC under the secret in use, and the kept ones are bounded", async () => {
    const first = await csrfToken("secret one", "session-a");
    expect(first).toBe(await expected("secret one", "session-a"));
    const sign = vi.spyOn(crypto.subtle, "sign");
    expect(await csrfToken("secret one", "session-a")).toBe(first);
    expect(await csrfMatches("secret one", "session-a", first)).toBe(true);
    expect(sign).not.toHaveBeenCalled();
    // A rotated secret is never answered from what the old one signed.
    expect(await csrfToken("secret two", "session-a")).toBe(await expected("secret two", "session-a"));
    expect(await csrfMatches("secret one", "session-a", first)).toBe(true);
    for (let i = 0; i < 2100; i++) await csrfToken("secret one", `session-${i}`);
    expect(signedCsrfTokens()).toBe(2000);
  });
});
