import { z } from "@hono/zod-openapi";
import { asc, eq, or } from "drizzle-orm";
import { StaffCreateSchema } from "../../schema/api/staff.ts";
import { area } from "../../schema/area.ts";
import { API_SCOPES, AREA_LEVELS } from "../../schema/constants.ts";
import { department } from "../../schema/department.ts";
import { staff } from "../../schema/staff.ts";
import { issueApiKey } from "../../worker/auth/api-key.ts";
import { removeSecondFactor } from "../../worker/auth/second-factor.ts";
import type { Database } from "../../worker/db.ts";
import { areaTree } from "../../worker/directory/areas.ts";
import { createStaff } from "../../worker/directory/staff.ts";
import { type AuditActor, auditEntry, operatorActor } from "../../worker/staff/admin/audit.ts";

/** Who the audit log names for a change made at the command line when the caller does not say. */
const OPERATOR = operatorActor("operator");

/** A usage error: the CLI prints the message and exits 2. */
export class UsageError extends Error {}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  --${i.path.join(".").replace(/_/g, "-") || "?"}: ${i.message}`);
  throw new UsageError(`invalid options:\n${problems.join("\n")}`);
}

const ApiKeyCreateSchema = z.object({
  name: z.string().trim().min(1, "give the key a name").max(80),
  scopes: z
    .string()
    .min(1, `one or more of ${API_SCOPES.join(", ")}`)
    .transform((text) => [
      ...new Set(
        text
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.enum(API_SCOPES)).min(1)),
});

/** `api-key create --name NAME --scopes a,b`: the key is shown once; only its hash is stored. */
export async function createApiKeyCommand(
  db: Database,
  options: { name?: string | undefined; scopes?: string | undefined },
  operator: AuditActor = OPERATOR,
) {
  const input = parse(ApiKeyCreateSchema, { name: options.name ?? "", scopes: options.scopes ?? "" });
  const { id, key } = await issueApiKey(db, input.name, input.scopes, null, (keyId) => [
    auditEntry(db, operator, "api_key.create", keyId, { name: input.name, scopes: input.scopes }),
  ]);
  return { id, key, name: input.name, scopes: input.scopes };
}

/** `staff create --phone P --name N --role R (--area ID | --department ID) --password PW`. */
export async function createStaffCommand(db: Database, options: Record<string, string | undefined>, operator: AuditActor = OPERATOR) {
  const input = parse(StaffCreateSchema, {
    phone: options.phone,
    name: options.name,
    role: options.role,
    area: options.area,
    department_id: options.department,
    password: options.password,
  });
  const row = await createStaff(db, input, [
    auditEntry(db, operator, "staff.create", input.phone, { role: input.role, area: input.area, department: input.department_id }),
  ]);
  return { id: row.id, name: row.name, phone: row.phone, role: row.role, area_id: row.areaId, department_id: row.departmentId };
}

/**
 * `staff reset-second-factor --phone P`: for a member who lost both phone and recovery codes.
 * Their sessions end too, so the next sign-in (password only) leads to enrolling again.
 */
export async function resetSecondFactorCommand(db: Database, options: { phone?: string | undefined }, operator: AuditActor = OPERATOR) {
  const phone = parse(z.string().regex(/^1\d{10}$/, "an 11-digit mainland mobile number"), options.phone);
  const member = await db.query.staff.findFirst({ where: eq(staff.phone, phone) });
  if (!member) throw new UsageError(`no staff member signs in with ${phone}`);
  await removeSecondFactor(db, member.id, {
    endSessions: true,
    extras: [auditEntry(db, operator, "staff.reset_second_factor", String(member.id))],
  });
  return { id: member.id, name: member.name, phone: member.phone };
}

/**
 * `areas list [--under ID|PATH] [--depth N]`: the areas under one (the district by default), as an
 * indented tree of paths and names, `depth` levels down (3: down to the grids of a district).
 */
export async function listAreasCommand(db: Database, options: { under?: string | undefined; depth?: string | undefined }) {
  const { depth } = parse(z.object({ depth: z.coerce.number().int().min(0).max(4).default(3) }), { depth: options.depth });
  const under = options.under?.trim() || null;
  const top = await db.query.area.findFirst({
    where: under ? or(eq(area.id, under), eq(area.path, under)) : eq(area.level, "district"),
  });
  if (!top) throw new UsageError(under ? `no area ${under} (give an id such as jh05 or a path such as /xhl/jh/jh05/)` : "no areas yet");
  const rank = AREA_LEVELS.indexOf(top.level);
  const rows = await areaTree(db, { path: top.path, levels: AREA_LEVELS.slice(rank, rank + depth + 1) });
  return rows.map((r) => ({ ...r, indent: AREA_LEVELS.indexOf(r.level) - rank }));
}

/** `departments list`: the ids `staff create --department` and dispatch take, with their names. */
export function listDepartmentsCommand(db: Database) {
  return db
    .select({ id: department.id, name: department.name, active: department.active, phone: department.phone })
    .from(department)
    .orderBy(asc(department.id));
}
