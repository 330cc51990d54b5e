// The operator's CLI: `npm run admin -- <resource> <action> [--options] [--remote]`; `--help` lists them.
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import type { Database } from "../worker/db.ts";
import { DomainError } from "../worker/domain-error.ts";
import { keyringOf } from "../worker/lib/secret-box.ts";
import { auditEntry, operatorActor } from "../worker/staff/admin/audit.ts";
import { resealAll, secretsStatus } from "../worker/staff/admin/secrets.ts";
import {
  createApiKeyCommand,
  createStaffCommand,
  listAreasCommand,
  listDepartmentsCommand,
  resetSecondFactorCommand,
  UsageError,
} from "./admin/commands.ts";
import { type Command, isCommand, usage } from "./admin/usage.ts";

/** The operator as the audit log names them: the account that ran the command. */
function operator() {
  try {
    return operatorActor(process.env.SUDO_USER || userInfo().username);
  } catch {
    return operatorActor("unknown");
  }
}

async function secrets(db: Database, env: Cloudflare.Env, command: "secrets status" | "secrets reseal") {
  // Remote secrets are not readable through the platform proxy: the operator exports them.
  const keys = keyringOf({
    ENCRYPTION_KEY: process.env.ENCRYPTION_KEY ?? env.ENCRYPTION_KEY,
    ENCRYPTION_KEYS_PREVIOUS: process.env.ENCRYPTION_KEYS_PREVIOUS ?? env.ENCRYPTION_KEYS_PREVIOUS,
  });
  if (command === "secrets reseal") {
    const { resealed, unreadable } = await resealAll(
      db,
      keys,
      (done) => process.stdout.isTTY && process.stdout.write(`\rresealed ${done}`),
    );
    await db.batch([auditEntry(db, operator(), "secrets.reseal", "ENCRYPTION_KEY", { resealed, unreadable: unreadable.length })]);
    console.log(`\nResealed ${resealed} secrets with the current ENCRYPTION_KEY.`);
    if (unreadable.length > 0) console.log(`No key opens these (set them up again): ${unreadable.join(", ")}`);
  }
  const status = await secretsStatus(db, keys);
  console.log(
    `Sealed secrets: ${status.current} with the current key, ${status.older} with a previous key, ${status.unreadable.length} unreadable.`,
  );
  if (status.older === 0) console.log("No secret needs a previous key: ENCRYPTION_KEYS_PREVIOUS can be removed.");
}

async function run(db: Database, env: Cloudflare.Env, command: Command, values: Record<string, string | boolean | undefined>) {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  switch (command) {
    case "areas list":
      for (const a of await listAreasCommand(db, { under: text("under"), depth: text("depth") }))
        console.log(`${"  ".repeat(a.indent)}${a.path}  ${a.name}  (${a.level})`);
      return;
    case "departments list":
      for (const d of await listDepartmentsCommand(db))
        console.log(`${d.id}  ${d.name}${d.phone ? `  ${d.phone}` : ""}${d.active ? "" : "  (inactive)"}`);
      return;
    case "secrets status":
    case "secrets reseal":
      return secrets(db, env, command);
    case "api-key create": {
      const created = await createApiKeyCommand(db, { name: text("name"), scopes: text("scopes") }, operator());
      console.log(`API key ${created.id} "${created.name}" with scopes ${created.scopes.join(", ")}.`);
      console.log("It is shown once; only its hash is stored. Send it as: Authorization: Bearer <key>");
      console.log(created.key);
      return;
    }
    case "staff reset-second-factor": {
      const reset = await resetSecondFactorCommand(db, { phone: text("phone") }, operator());
      console.log(`Staff ${reset.id}: ${reset.name} (${reset.phone}) has no second factor now and was signed out everywhere.`);
      return;
    }
    case "staff create": {
      const options = Object.fromEntries(["phone", "name", "role", "area", "department", "password"].map((k) => [k, text(k)]));
      const created = await createStaffCommand(db, options, operator());
      console.log(
        `Staff ${created.id}: ${created.name} (${created.role}, ${created.area_id ?? created.department_id}), signs in with ${created.phone}.`,
      );
    }
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      name: { type: "string" },
      scopes: { type: "string" },
      phone: { type: "string" },
      role: { type: "string" },
      area: { type: "string" },
      department: { type: "string" },
      password: { type: "string" },
      under: { type: "string" },
      depth: { type: "string" },
      remote: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals.join(" ");
  if (values.help || command === "help") {
    console.log(usage());
    return;
  }
  if (!isCommand(command)) throw new UsageError(command ? `unknown command: ${command}` : "no command given");
  // Loaded only now: wrangler's platform proxy takes seconds to import, and --help needs none of it.
  const { openPlatform } = await import("./lib/platform.ts");
  const { db, env, dispose } = await openPlatform(values.remote);
  try {
    await run(db, env, command, values);
  } finally {
    await dispose();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DomainError || (error instanceof TypeError && "code" in error)) {
    console.error(`admin: ${error.message}\n\n${usage()}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
