import type { StaffRole } from "../../schema/constants.ts";

/** A signed-in member of staff, as the workflow sees them. */
export interface StaffActor {
  kind: "staff";
  id: number;
  name: string;
  role: StaffRole;
  areaPath: string | null;
  departmentId: string | null;
}

/** A staff row (or any record with its identity columns) as the actor the workflow checks. */
export function staffActorOf(row: Omit<StaffActor, "kind">): StaffActor {
  return { kind: "staff", id: row.id, name: row.name, role: row.role, areaPath: row.areaPath, departmentId: row.departmentId };
}

export type Actor = StaffActor | { kind: "resident" } | { kind: "system" } | { kind: "api_key"; keyId: string; name: string };

/** How an actor is written into `case_event.actor`. */
export function actorRef(actor: Actor): string {
  switch (actor.kind) {
    case "staff":
      return `staff:${actor.id}`;
    case "api_key":
      return `api_key:${actor.keyId}`;
    default:
      return actor.kind;
  }
}

export function actorName(actor: Actor): string | null {
  return actor.kind === "staff" || actor.kind === "api_key" ? actor.name : null;
}
