import { z } from "@hono/zod-openapi";

export const PaginationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ description: "Page size, 1–100." }),
  cursor: z.string().max(200).optional().openapi({ description: "The `next_cursor` of the previous page; omit for the first page." }),
});

/** `{items, next_cursor}`: `next_cursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      items: z.array(item),
      next_cursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page." }),
    })
    .openapi(name);
}
