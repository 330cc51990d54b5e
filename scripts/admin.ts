// The operator's CLI: `npm run admin -- <resource> <action> [--options] [--remote]`.
import { parseArgs } from "node:util";
import { DomainError } from "../worker/domain-error.ts";
import { keyringOf } from "../worker/lib/secret-box.ts";
import { resealAll, secretsStatus } from "../worker/staff/admin/secrets.ts";
import { createApiKeyCommand, createStaffCommand, resetSecondFactorCommand, UsageError } from "./admin/commands.ts";
import { openPlatform } from "./lib/platform.ts";

const USAGE = `usage:
  npm run admin -- api-key create --name NAME --scopes directory:read,cases:read,cases:write [--remote]
  npm run admin -- staff create --phone 13800000000 --name NAME --role ROLE (--area PATH | --department ID) --password PW [--remote]
  npm run admin -- staff reset-second-factor --phone 13800000000 [--remote]
  npm run admin -- secrets status [--remote]
  npm run admin -- secrets reseal [--remote]

Rotating ENCRYPTION_KEY: set the new key as ENCRYPTION_KEY and the old one in
ENCRYPTION_KEYS_PREVIOUS (both as secrets; this CLI reads them from its environment first), run
\`secrets reseal\`, and once \`secrets status\` shows nothing older, remove ENCRYPTION_KEYS_PREVIOUS.`;

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
      remote: { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals.join(" ");
  if (
    values.help ||
    !["api-key create", "staff create", "staff reset-second-factor", "secrets status", "secrets reseal"].includes(command)
  ) {
    throw new UsageError(command ? `unknown command: ${command}` : "no command given");
  }
  const { db, env, dispose } = await openPlatform(values.remote);
  try {
    if (command.startsWith("secrets ")) {
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
        console.log(`\nResealed ${resealed} secrets with the current ENCRYPTION_KEY.`);
        if (unreadable.length > 0) console.log(`No key opens these (set them up again): ${unreadable.join(", ")}`);
      }
      const status = await secretsStatus(db, keys);
      console.log(
        `Sealed secrets: ${status.current} with the current key, ${status.older} with a previous key, ${status.unreadable.length} unreadable.`,
      );
      if (status.older === 0) console.log("No secret needs a previous key: ENCRYPTION_KEYS_PREVIOUS can be removed.");
    } else if (command === "api-key create") {
      const created = await createApiKeyCommand(db, values);
      console.log(`API key ${created.id} "${created.name}" with scopes ${created.scopes.join(", ")}.`);
      console.log("It is shown once; only its hash is stored. Send it as: Authorization: Bearer <key>");
      console.log(created.key);
    } else if (command === "staff reset-second-factor") {
      const reset = await resetSecondFactorCommand(db, values);
      console.log(`Staff ${reset.id}: ${reset.name} (${reset.phone}) has no second factor now and was signed out everywhere.`);
    } else {
      const { remote: _remote, help: _help, ...options } = values;
      const created = await createStaffCommand(db, options);
      console.log(
        `Staff ${created.id}: ${created.name} (${created.role}, ${created.area_id ?? created.department_id}), signs in with ${created.phone}.`,
      );
    }
  } finally {
    await dispose();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DomainError || (error instanceof TypeError && "code" in error)) {
    console.error(`admin: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
