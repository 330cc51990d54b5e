import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns.ts";

/** A functional department the district centre dispatches cases to. */
export const department = sqliteTable("department", {
  id: text().primaryKey(),
  name: text().notNull(),
  nameEn: text(),
  phone: text(),
  active: integer({ mode: "boolean" }).notNull().default(true),
  ...timestamps,
});

export type Department = typeof department.$inferSelect;
