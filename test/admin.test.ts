import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKey } from "../schema/api-key.ts";
import { auditEvent } from "../schema/audit.ts";
import { OPERATOR_ACTOR_ID, STAFF_ROLES } from "../schema/constants.ts";
import { STAFF_ROLE_WORDS } from "../schema/directory-words.ts";
import { staff } from "../schema/staff.ts";
import {
  createApiKeyCommand,
  createStaffCommand,
  listAreasCommand,
  listDepartmentsCommand,
  resetSecondFactorCommand,
  UsageError,
} from "../scripts/admin/commands.ts";
import { COMMANDS, usage } from "../scripts/admin/usage.ts";
import { PBKDF2_ITERATIONS, verifyPassword } from "../worker/auth/password.ts";
import { DomainError } from "../worker/domain-error.ts";
import { operatorActor } from "../worker/staff/admin/audit.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
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

describe("admin --help", () => {
  it("lists every command and every role with its Chinese title", () => {
    const text = usage();
    for (const command of COMMANDS) expect(text).toContain(command.split(" ")[0]);
    for (const command of ["areas list", "departments list", "staff create", "staff reset-second-factor", "api-key create"])
      expect(text).toContain(command);
    for (const role of STAFF_ROLES) expect(text).toMatch(new RegExp(`\\n  ${role} +${STAFF_ROLE_WORDS[role].zh} `));
    expect(text).toContain("areas list --under jh05");
  });
});

describe("admin areas list and departments list", () => {
  it("shows a district down to its grids by default, by path and name, indented by level", async () => {
    const rows = await listAreasCommand(db(), {});
    expect(rows[0]).toMatchObject({ path: "/xhl/", name: "杏花岭区", indent: 0 });
    expect(rows.map((r) => r.level)).not.toContain("micro_grid");
    expect(rows.find((r) => r.id === "jh05")).toMatchObject({ name: "同心园社区", indent: 2 });
    expect(rows.find((r) => r.id === "jh0501")).toMatchObject({ path: "/xhl/jh/jh05/jh0501/", name: "同心园社区第1网格", indent: 3 });
    // In path order: a parent before its children.
    expect(rows.map((r) => r.path)).toEqual([...rows.map((r) => r.path)].sort());
  });

  it("shows one area's subtree, given by id or path, as deep as asked", async () => {
    const community = await listAreasCommand(db(), { under: "/xhl/jh/jh05/" });
    const byId = await listAreasCommand(db(), { under: "jh05" });
    expect(byId).toEqual(community);
    expect(community.every((r) => r.path.startsWith("/xhl/jh/jh05/"))).toBe(true);
    expect(community.find((r) => r.id === "jh0501-03")).toMatchObject({ name: "3号楼", level: "micro_grid", indent: 2 });
    const shallow = await listAreasCommand(db(), { under: "jh05", depth: "1" });
    expect(new Set(shallow.map((r) => r.level))).toEqual(new Set(["community", "grid"]));
    await expect(listAreasCommand(db(), { under: "zz99" })).rejects.toThrow(UsageError);
    await expect(listAreasCommand(db(), { depth: "nine" })).rejects.toThrow(/--depth/);
  });

  it("lists the departments' ids with their names", async () => {
    const rows = await listDepartmentsCommand(db());
    expect(rows.find((d) => d.id === "market_supervision")).toMatchObject({ name: "区市场监督管理局", active: true });
    expect(rows).toHaveLength(9);
  });
});

describe("changes made at the command line", () => {
  const operator = operatorActor("ops-alice");
  const logged = (action: string) => db().select().from(auditEvent).where(eq(auditEvent.action, action));

  it("are written to the audit log, naming the operator, in the change's own batch", async () => {
    const member = await createStaffCommand(
      db(),
      { phone: "13700000099", name: "命令行", role: "grid_worker", area: "jh0502", password: "long enough secret" },
      operator,
    );
    const key = await createApiKeyCommand(db(), { name: "cli audit", scopes: "cases:read" }, operator);
    await resetSecondFactorCommand(db(), { phone: "13700000099" }, operator);
    expect((await logged("staff.create")).find((e) => e.entityId === "13700000099")).toMatchObject({
      actorId: OPERATOR_ACTOR_ID,
      actorName: "npm run admin (ops-alice)",
      details: { role: "grid_worker", area: "jh0502" },
    });
    expect(JSON.stringify(await logged("staff.create"))).not.toContain("long enough secret");
    expect((await logged("api_key.create")).find((e) => e.entityId === key.id)).toMatchObject({ actorName: "npm run admin (ops-alice)" });
    expect((await logged("staff.reset_second_factor")).find((e) => e.entityId === String(member.id))).toMatchObject({
      actorId: OPERATOR_ACTOR_ID,
    });

    // A refused change leaves no entry.
    const before = (await logged("staff.create")).length;
    await expect(
      createStaffCommand(
        db(),
        { phone: "13700000099", name: "又一个", role: "grid_worker", area: "jh0502", password: "long enough secret" },
        operator,
      ),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await logged("staff.create")).toHaveLength(before);

    // Admins read it at /staff/admin/audit, marked as the command line's.
    const admin = (await signIn("admin")).headers;
    const page = await (await call("/staff/admin/audit", { headers: admin })).text();
    expect(page).toContain("服务器命令行");
    expect(page).toContain("npm run admin (ops-alice)");
  });
});
