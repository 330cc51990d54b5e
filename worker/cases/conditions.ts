import { sql } from "drizzle-orm";

/**
 * Conditions written with literal values on purpose: SQLite uses a partial index only when the
 * query's WHERE clause visibly implies the index's own (see schema/case.ts), and a bound
 * parameter hides the value. These match `case_open_*_idx` and `case_resolved_idx` exactly.
 */
export const isOpen = sql`"case"."status" IN ('submitted', 'in_progress')`;
export const isResolved = sql`"case"."status" = 'resolved'`;
/** Matches `case_personal_data_retention_idx`: the case still holds a reporter's name, number or photo. */
export const hasPersonalData = sql`("case"."reporter_name" IS NOT NULL OR "case"."reporter_phone" IS NOT NULL OR "case"."photo_key" IS NOT NULL)`;
/** Matches `case_photo_idx`. */
export const hasPhoto = sql`"case"."photo_key" IS NOT NULL`;
