import { type AnySQLiteColumn, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns.ts";
import { AREA_LEVELS } from "./constants.ts";

/**
 * District → street → community → grid → micro_grid. `path` is materialised
 * (`/xhl/jh/jh05/jh0501/`) so that "everything in my area" is one indexed range query.
 */
export const area = sqliteTable(
  "area",
  {
    id: text().primaryKey(),
    parentId: text().references((): AnySQLiteColumn => area.id),
    level: text({ enum: AREA_LEVELS }).notNull(),
    name: text().notNull(),
    nameEn: text(),
    path: text().notNull(),
    /** Households served; grids hold 300–500, micro-grids about 50. */
    households: integer(),
    ...timestamps,
  },
  (t) => [uniqueIndex("area_path_unique").on(t.path), index("area_parent_idx").on(t.parentId, t.id)],
);

export type Area = typeof area.$inferSelect;
export type NewArea = typeof area.$inferInsert;
