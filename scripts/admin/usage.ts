import { API_SCOPES, STAFF_ROLES, type StaffRole } from "../../schema/constants.ts";
import { STAFF_ROLE_WORDS } from "../../schema/directory-words.ts";
import { secondFactorRequired } from "../../worker/auth/role-policy.ts";

/** What each role's `--area` usually is (any area is accepted); department officers take `--department`. */
const SCOPE_HINT: Record<StaffRole, string> = {
  grid_assistant: "--area a micro-grid",
  grid_worker: "--area a grid",
  part_time_grid_worker: "--area a grid",
  grid_chief: "--area a grid",
  community_staff: "--area a community",
  street_officer: "--area a street",
  district_dispatcher: "--area the district",
  department_officer: "--department ID",
  admin: "--area the district",
};

/** The commands the CLI knows, as `resource action`. */
export const COMMANDS = [
  "areas list",
  "departments list",
  "staff create",
  "staff reset-second-factor",
  "api-key create",
  "secrets status",
  "secrets reseal",
] as const;

export type Command = (typeof COMMANDS)[number];

export const isCommand = (text: string): text is Command => (COMMANDS as readonly string[]).includes(text);

/** `npm run admin -- --help`: the commands, the roles with their titles, and where ids and paths come from. */
export function usage(): string {
  const width = Math.max(...STAFF_ROLES.map((r) => r.length));
  const roles = STAFF_ROLES.map((role) => {
    const words = STAFF_ROLE_WORDS[role];
    const twoStep = secondFactorRequired(role) ? "; signs in with two-step verification" : "";
    return `  ${role.padEnd(width)}  ${words.zh} (${words.en}): ${SCOPE_HINT[role]}${twoStep}`;
  });
  return `usage: npm run admin -- <command> [options] [--remote]

commands:
  areas list [--under ID|PATH] [--depth N]   the areas --area takes: ids, paths and names as a tree,
                                             N levels below (default 3: a district down to its grids)
  departments list                           the ids --department takes, with the departments' names
  staff create --phone 13800000000 --name NAME --role ROLE (--area ID|PATH | --department ID) --password PW
  staff reset-second-factor --phone 13800000000
                                             for a member who lost both phone and recovery codes
  api-key create --name NAME --scopes SCOPE[,SCOPE...]
                                             scopes: ${API_SCOPES.join(", ")}
  secrets status | secrets reseal            the sealed secrets and the ENCRYPTION_KEY they use

roles (--role):
${roles.join("\n")}

--area takes an id (jh0501) or a path (/xhl/jh/jh05/jh0501/); \`areas list --under jh05\` shows one
community's grids and micro-grids. The commands act on the local database (the one \`npm start\`
serves); --remote on the Cloudflare D1 database; with GRIDSTATION_RUNTIME=node on GRIDSTATION_DATA.
Every change is written to the audit log (/staff/admin/audit) as made by "npm run admin (<your account>)".

Rotating ENCRYPTION_KEY: set the new key as ENCRYPTION_KEY and the old one in
ENCRYPTION_KEYS_PREVIOUS (both as secrets; this CLI reads them from its environment first), run
\`secrets reseal\`, and once \`secrets status\` shows nothing older, remove ENCRYPTION_KEYS_PREVIOUS.`;
}
