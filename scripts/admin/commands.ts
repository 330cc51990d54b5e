import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { StaffCreateSchema } from "../../schema/api/staff.ts";
import { API_SCOPES } from "../../schema/constants.ts";
import { staff } from "../../schema/staff.ts";
import { issueApiKey } from "../../worker/auth/api-key.ts";
import { removeSecondFactor } from "../../worker/auth/second-factor.ts";
import type { Database } from "../../worker/db.ts";
import { createStaff } from "../../worker/directory/staff.ts";

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
export async function createApiKeyCommand(db: Database, options: { name?: string | undefined; scopes?: string | undefined }) {
  const input = parse(ApiKeyCreateSchema, { name: options.name ?? "", scopes: options.scopes ?? "" });
  const { id, key } = await issueApiKey(db, input.name, input.scopes);
  return { id, key, name: input.name, scopes: input.scopes };
}

/** `staff create --phone P --name N --role R (--area ID | --department ID) --password PW`. */
export async function createStaffCommand(db: Database, options: Record<string, string | undefined>) {
  const input = parse(StaffCreateSchema, {
    phone: options.phone,
    name: options.name,
    role: options.role,
    area: options.area,
    department_id: options.department,
    password: options.password,
  });
  const row = await createStaff(db, input);
  return { id: row.id, name: row.name, phone: row.phone, role: row.role, area_id: row.areaId, department_id: row.departmentId };
}

/**
 * `staff reset-second-factor --phone P`: for a member who lost both phone and recovery codes.
 * Their sessions end too, so the next sign-in (password only) leads to enrolling again.
 */
export async function resetSecondFactorCommand(db: Database, options: { phone?: string | undefined }) {
  const phone = parse(z.string().regex(/^1\d{10}$/, "an 11-digit mainland mobile number"), options.phone);
  const member = await db.query.staff.findFirst({ where: eq(staff.phone, phone) });
  if (!member) throw new UsageError(`no staff member signs in with ${phone}`);
  await removeSecondFactor(db, member.id, { endSessions: true });
  return { id: member.id, name: member.name, phone: member.phone };
}
