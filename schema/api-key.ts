import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { timestamps } from "./columns.ts";
import type { ApiScope } from "./constants.ts";

/** A third party's credential. Only the SHA-256 of the key is stored; keys carry 256 random bits. */
export const apiKey = sqliteTable(
  "api_key",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    keyHash: text().notNull(),
    scopes: text({ mode: "json" }).$type<ApiScope[]>().notNull(),
    /** The area whose cases the key may read; null for the whole district. */
    areaPath: text(),
    revokedAt: integer({ mode: "timestamp_ms" }),
    ...timestamps,
  },
  (t) => [uniqueIndex("api_key_hash_unique").on(t.keyHash)],
);

export type ApiKey = typeof apiKey.$inferSelect;
