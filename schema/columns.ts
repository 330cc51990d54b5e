import { integer } from "drizzle-orm/sqlite-core";

// Times are stored as epoch milliseconds (UTC); pages format them in Asia/Shanghai.
export const timestamps = {
  createdAt: integer({ mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date()),
  updatedAt: integer({ mode: "timestamp_ms" })
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date()),
};
