import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Photos accepted with a report form that was sent back for another field: kept (under their
 * content's key in the photo store) for the resident's next try, so the photo need not be sent
 * again on a weak link. The scheduler deletes the ones no case took once `heldUntil` has passed.
 */
export const photoHold = sqliteTable(
  "photo_hold",
  {
    photoKey: text().primaryKey(),
    heldUntil: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("photo_hold_held_until").on(t.heldUntil)],
);
