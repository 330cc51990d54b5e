import { describe, expect, it } from "vitest";
import { createCase } from "../worker/cases/create.ts";
import { caseStats } from "../worker/cases/stats.ts";
import { DomainError } from "../worker/domain-error.ts";
import { db } from "./helpers/worker.ts";

// No directory is loaded in this file's database.
describe("createCase before the directory is loaded", () => {
  it("refuses with 'unavailable' and says to load the directory", async () => {
    const error = await createCase(
      db(),
      { category: "dispute", description: "小区门口商户占道经营", address: "胜利街12号" },
      { channel: "api", actor: { kind: "api_key", keyId: "k", name: "k" }, now: new Date("2026-03-02T08:00:00Z") },
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("unavailable");
    expect((error as DomainError).message).toBe("The directory is empty; load it before filing cases.");
  });
});

describe("caseStats before the directory is loaded", () => {
  it("refuses the district's statistics with 'not_found'", async () => {
    const error = await caseStats(db(), null, new Date("2026-03-02T08:00:00Z")).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("not_found");
    expect((error as DomainError).message).toBe("There is no area of the district.");
  });
});
