import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { signInThrottle } from "../schema/sign-in-throttle.ts";
import { staff } from "../schema/staff.ts";
import { hashPassword, verifyPassword } from "../worker/auth/password.ts";
import { attemptSucceeded, beginAttempt, forgetOldAttempts, type SignInClient } from "../worker/auth/sign-in-throttle.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db } from "./helpers/worker.ts";

// The sign-in rules with their numbers written out (5 tries per client, 20 passwords or 5 codes
// per account from untrusted clients, counts forgotten after a day), called at the domain level
// so each boundary is hit exactly; staff.auth.test.ts drives the same rules through the pages.

describe("verifyPassword", () => {
  it("accepts the password it hashed and nothing else", async () => {
    const stored = await hashPassword("correct horse", 1_000);
    expect(await verifyPassword("correct horse", stored)).toBe(true);
    expect(await verifyPassword("correct hors", stored)).toBe(false);
  });

  it("refuses stored values it did not write, without deriving anything", async () => {
    const [, , salt, hash] = (await hashPassword("pw", 1_000)).split("$");
    for (const stored of [
      `bcrypt$1000$${salt}$${hash}`,
      `pbkdf2-sha256$1000.5$${salt}$${hash}`,
      `pbkdf2-sha256$100001$${salt}$${hash}`, // over what deployed Workers allow
      `pbkdf2-sha256$1000$${salt}`,
      `pbkdf2-sha256$1000$${salt}$${hash!.slice(0, 20)}`, // a shorter hash
      "",
    ]) {
      expect(await verifyPassword("pw", stored), stored).toBe(false);
    }
    expect(await verifyPassword("pw", `pbkdf2-sha256$1000$${salt}$${hash}`)).toBe(true);
  });
});

describe("the sign-in throttle", () => {
  let ids: number[] = [];
  const now = new Date("2026-12-03T02:00:00Z");
  const from = (address: string): SignInClient => ({ address, device: null });

  beforeAll(async () => {
    await seedDemo();
    ids = (await db().select({ id: staff.id }).from(staff).orderBy(asc(staff.id)).limit(6)).map((row) => row.id);
  });

  /** The member's counts, as [client, attempts], sorted by client. */
  async function countsOf(staffId: number) {
    const rows = await db().select().from(signInThrottle).where(eq(signInThrottle.staffId, staffId));
    return rows.map((row) => [row.client, row.attempts]).sort();
  }

  async function tries(staffId: number, client: SignInClient, step: "password" | "code", count: number, hasSecondFactor = false) {
    const answers: boolean[] = [];
    for (let i = 0; i < count; i++) answers.push(await beginAttempt(db(), staffId, client, step, hasSecondFactor, now));
    return answers;
  }

  it("lets one client try five times, and locks the sixth", async () => {
    expect(await tries(ids[0]!, from("10.0.0.1"), "password", 6)).toEqual([true, true, true, true, true, false]);
    // Another client is still let in (the account's count is at 6 of 20).
    expect(await tries(ids[0]!, from("10.0.0.2"), "password", 1)).toEqual([true]);
  });

  it("counts a trusted device on its own: five tries, then locked, and a right one starts it again", async () => {
    const device: SignInClient = { address: "10.0.0.3", device: { staffId: ids[1]!, id: "dev-1" } };
    expect(await tries(ids[1]!, device, "password", 6)).toEqual([true, true, true, true, true, false]);
    // The device's count is its own: the account-wide count did not move.
    expect(await tries(ids[1]!, from("10.0.0.4"), "password", 1)).toEqual([true]);
    expect(await countsOf(ids[1]!)).toEqual([
      ["password|account", 1],
      ["password|address:10.0.0.4", 1],
      ["password|device:dev-1", 6],
    ]);
    await attemptSucceeded(db(), ids[1]!, device, "password");
    expect(await tries(ids[1]!, device, "password", 1)).toEqual([true]);
  });

  it("locks the account's passwords after twenty from untrusted clients, unless it has a second factor", async () => {
    const answers: boolean[] = [];
    for (let i = 0; i < 21; i++) answers.push(...(await tries(ids[2]!, from(`10.1.0.${i}`), "password", 1)));
    expect(answers.slice(0, 20).every(Boolean)).toBe(true);
    expect(answers[20]).toBe(false);
    expect(await tries(ids[2]!, from("10.1.1.1"), "password", 1, true)).toEqual([true]);
  });

  it("locks the account's codes after five from untrusted clients, second factor or not", async () => {
    const answers: boolean[] = [];
    for (let i = 0; i < 6; i++) answers.push(...(await tries(ids[3]!, from(`10.2.0.${i}`), "code", 1, true)));
    expect(answers).toEqual([true, true, true, true, true, false]);
  });

  it("takes a right attempt off the account's count and clears the client's", async () => {
    await tries(ids[4]!, from("10.3.0.1"), "password", 3);
    await attemptSucceeded(db(), ids[4]!, from("10.3.0.1"), "password");
    expect(await countsOf(ids[4]!)).toEqual([["password|account", 2]]);
  });

  it("forgets counts older than a day and keeps younger ones", async () => {
    const old = new Date(now.getTime() - 25 * 60 * 60 * 1000);
    const young = new Date(now.getTime() - 23 * 60 * 60 * 1000);
    await beginAttempt(db(), ids[5]!, from("10.4.0.1"), "password", false, old);
    await beginAttempt(db(), ids[5]!, from("10.4.0.2"), "code", false, young);
    await forgetOldAttempts(db(), now);
    expect(await countsOf(ids[5]!)).toEqual([
      ["code|account", 1],
      ["code|address:10.4.0.2", 1],
    ]);
  });
});
