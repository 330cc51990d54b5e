import { asc, eq } from "drizzle-orm";
import { department } from "../../schema/department.ts";
import type { Database } from "../db.ts";

/** All active departments; a district has a few dozen, so there is no paging. */
export function listDepartments(db: Database) {
  return db.select().from(department).where(eq(department.active, true)).orderBy(asc(department.id));
}
