import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKey } from "../schema/api-key.ts";
import { staff } from "../schema/staff.ts";
import { createApiKeyCommand, createStaffCommand, UsageError } from "../scripts/admin/commands.ts";
import { PBKDF2_ITERATIONS, verifyPassword } from "../worker/auth/password.ts";
import { DomainError } from "../worker/domain-error.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, db } from "./helpers/worker.ts";

beforeAll(seedDemo);

describe("admin api-key create", () => {
  it("makes a working key and stores only its hash", async () => {
    const created = await createApiKeyCommand(db(), { name: "12345 hotline", scopes: "directory:read, cases:read,directory:read" });
    expect(created.key).toMatch(/^gs_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.scopes).toEqual(["directory:read", "cases:read"]);
    const [row] = await db().select().from(apiKey).where(eq(apiKey.id, created.id));
    expect(row?.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.key.slice(12));

    const res = await call("/api/v1/contacts?limit=1", { headers: { authorization: `Bearer ${created.key}` } });
    expect(res.status).toBe(200);
    const write = await call("/api/v1/contacts/1", { method: "DELETE", headers: { authorization: `Bearer ${created.key}` } });
    expect(write.status).toBe(403);
  });

  it("refuses unknown scopes and a missing name", async () => {
    await expect(createApiKeyCommand(db(), { name: "x", scopes: "directory:read,root" })).rejects.toThrow(UsageError);
    await expect(createApiKeyCommand(db(), { name: " ", scopes: "cases:read" })).rejects.toThrow(/--name: give the key a name/);
    await expect(createApiKeyCommand(db(), { name: "x" })).rejects.toThrow(/--scopes/);
  });
});

describe("admin staff create", () => {
  it("creates a grid worker scoped by area path, with a salted slow hash", async () => {
    const created = await createStaffCommand(db(), {
      phone: "13800000000",
      name: "赵金生",
      role: "grid_worker",
      area: "/xhl/jh/jh05/jh0501/",
      password: "correct horse battery",
    });
    expect(created).toMatchObject({ name: "赵金生", role: "grid_worker", area_id: "jh0501", department_id: null });
    const [row] = await db().select().from(staff).where(eq(staff.phone, "13800000000"));
    expect(row?.areaPath).toBe("/xhl/jh/jh05/jh0501/");
    expect(row?.passwordHash).toMatch(new RegExp(`^pbkdf2-sha256\\$${PBKDF2_ITERATIONS}\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(100_000); // deployed Workers refuse more
    expect(await verifyPassword("correct horse battery", row!.passwordHash!)).toBe(true);
    expect(await verifyPassword("correct horse batterY", row!.passwordHash!)).toBe(false);
  });

  it("creates a department officer by department", async () => {
    const created = await createStaffCommand(db(), {
      phone: "13900000001",
      name: "钱市监",
      role: "department_officer",
      department: "market_supervision",
      password: "long enough secret",
    });
    expect(created).toMatchObject({ area_id: null, department_id: "market_supervision" });
  });

  it("refuses duplicates, unknown scopes and bad options, saying which", async () => {
    const base = { phone: "13700000002", name: "孙", role: "grid_worker", area: "jh0501", password: "long enough secret" };
    await createStaffCommand(db(), base);
    await expect(createStaffCommand(db(), base)).rejects.toMatchObject({ code: "conflict" });
    await expect(createStaffCommand(db(), { ...base, phone: "13700000003", area: "zz01" })).rejects.toBeInstanceOf(DomainError);
    await expect(createStaffCommand(db(), { ...base, phone: "1370000" })).rejects.toThrow(/--phone: an 11-digit mainland mobile/);
    await expect(createStaffCommand(db(), { ...base, phone: "13700000004", password: "short" })).rejects.toThrow(/--password/);
    await expect(createStaffCommand(db(), { ...base, phone: "13700000005", role: "department_officer" })).rejects.toThrow(/--department/);
    await expect(createStaffCommand(db(), { ...base, phone: "13700000006", role: "mayor" })).rejects.toThrow(/--role/);
  });
});
