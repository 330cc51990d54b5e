import { desc } from "drizzle-orm";
import { auditEvent } from "../../../schema/audit.ts";
import type { Database } from "../../db.ts";
import type { StaffActor } from "../../workflow/actor.ts";

/** The audit record of an admin change, to run in the change's own batch. */
export function auditEntry(db: Database, actor: StaffActor, action: string, entityId: string, details: Record<string, unknown> = {}) {
  // Passwords never enter the log, whatever a caller passes: only that one was set.
  const { password, ...rest } = details;
  const safe = password ? { ...rest, password: "reset" } : rest;
  return db.insert(auditEvent).values({ actorId: actor.id, actorName: actor.name, action, entityId, details: safe, createdAt: new Date() });
}

export function latestAudit(db: Database, limit = 100) {
  return db.select().from(auditEvent).orderBy(desc(auditEvent.id)).limit(limit);
}
