import { desc } from "drizzle-orm";
import { auditEvent } from "../../../schema/audit.ts";
import { OPERATOR_ACTOR_ID } from "../../../schema/constants.ts";
import type { Database } from "../../db.ts";
import type { StaffActor } from "../../workflow/actor.ts";

/** Who an audit entry names: a signed-in admin, or the operator at the server's command line. */
export type AuditActor = Pick<StaffActor, "id" | "name">;

/** The command line's entries carry OPERATOR_ACTOR_ID and the operator's account. */
export const operatorActor = (account: string): AuditActor => ({ id: OPERATOR_ACTOR_ID, name: `npm run admin (${account})` });

/** The audit record of an admin change, to run in the change's own batch. */
export function auditEntry(db: Database, actor: AuditActor, action: string, entityId: string, details: Record<string, unknown> = {}) {
  // Passwords never enter the log, whatever a caller passes: only that one was set.
  const { password, ...rest } = details;
  const safe = password ? { ...rest, password: "reset" } : rest;
  return db.insert(auditEvent).values({ actorId: actor.id, actorName: actor.name, action, entityId, details: safe, createdAt: new Date() });
}

export function latestAudit(db: Database, limit = 100) {
  return db.select().from(auditEvent).orderBy(desc(auditEvent.id)).limit(limit);
}
