import { z } from "@hono/zod-openapi";

/** A `true`/`false` query parameter (z.coerce.boolean would read "false" as true). */
export function booleanQuery(fallback: boolean) {
  return z
    .enum(["true", "false"])
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true");
}
