import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { signInThrottle } from "../schema/sign-in-throttle.ts";
import { staff } from "../schema/staff.ts";
import { csrfMatches, csrfToken } from "../worker/auth/csrf.ts";
import { hashPassword, verifyPassword } from "../worker/auth/password.ts";
import { checkPassword } from "../worker/auth/sign-in.ts";
import { attemptSucceeded, beginAttempt } from "../worker/auth/sign-in-throttle.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db } from "./helpers/worker.ts";

beforeAll(seedDemo);

async function members(n: number) {
  return db().query.staff.findMany({ where: eq(staff.role, "grid_worker"), limit: n });
}

async function throttleRows(staffId: number) {
  const rows = await db().select().from(signInThrottle).where(eq(signInThrottle.staffId, staffId));
  return Object.fromEntries(rows.map((r) => [r.client, r.attempts]));
}

describe("password hashes", () => {
  it("of another algorithm are refused even when the derived bytes match", async () => {
    const stored = await hashPassword("correct horse", 1000);
    expect(stored.startsWith("pbkdf2-sha256$1000$")).toBe(true);
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct horse", stored.replace("pbkdf2-sha256$", "pbkdf2-sha1$"))).toBe(false);
    expect(await verifyPassword("correct horse", stored.replace("$1000$", "$1000.5$"))).toBe(false);
  });
});

describe("CSRF tokens", () => {
  it("refuse anything that is not a 32-character string, without throwing", async () => {
    const good = await csrfToken("csrf-secret", "session-token");
    expect(await csrfMatches("csrf-secret", "session-token", good)).toBe(true);
    for (const presented of [undefined, null, 12345, ["a"], { length: 32 }]) {
      await expect(csrfMatches("csrf-secret", "session-token", presented)).resolves.toBe(false);
    }
  });
});

describe("sign-in by password", () => {
  it("returns the member for the right password only, and clears the client's failures on success", async () => {
    const [member] = await members(1);
    await db()
      .update(staff)
      .set({ passwordHash: await hashPassword("right password", 1000) })
      .where(eq(staff.id, member!.id));
    const client = { address: "198.51.100.61", device: null };
    const now = new Date("2026-04-01T08:00:00Z");
    expect(await checkPassword(db(), member!.phone, "wrong password", client, now)).toBeNull();
    expect(await checkPassword(db(), member!.phone, "wrong again", client, now)).toBeNull();
    expect(await throttleRows(member!.id)).toEqual({ "password|address:198.51.100.61": 2, "password|account": 2 });
    expect((await checkPassword(db(), member!.phone, "right password", client, now))?.id).toBe(member!.id);
    // The client starts again from nothing; the success, counted like every attempt, is taken
    // off the account's count again.
    expect(await throttleRows(member!.id)).toEqual({ "password|account": 2 });
  });

  it("a trusted browser's success leaves the account-wide count as it was", async () => {
    const [, member] = await members(2);
    const now = new Date("2026-04-01T09:00:00Z");
    const stranger = { address: "198.51.100.62", device: null };
    for (let i = 0; i < 3; i++) await beginAttempt(db(), member!.id, stranger, "password", false, now);
    const trusted = { address: "198.51.100.63", device: { staffId: member!.id, id: "AAAAAAAAAAAAAAAA" } };
    expect(await beginAttempt(db(), member!.id, trusted, "password", false, now)).toBe(true);
    await attemptSucceeded(db(), member!.id, trusted, "password");
    expect(await throttleRows(member!.id)).toEqual({ "password|address:198.51.100.62": 3, "password|account": 3 });
    const [row] = await db()
      .select()
      .from(signInThrottle)
      .where(and(eq(signInThrottle.staffId, member!.id), eq(signInThrottle.client, "password|device:AAAAAAAAAAAAAAAA")));
    expect(row).toBeUndefined();
  });
});
