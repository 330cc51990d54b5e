import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { DomainError } from "../domain-error.ts";
import { describeIssues } from "../errors.ts";
import { UUID_PATTERN } from "./ids.ts";
import type { PageWindow } from "./queries.ts";

const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 100;

const ListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  per_page: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
  search: z
    .string()
    .trim()
    .max(200)
    .transform((text) => text || undefined)
    .optional(),
  modified_after: z.iso.datetime({ offset: true }).optional(),
  organization_id: z.string().toLowerCase().regex(UUID_PATTERN, "an organization's id (a UUID)").optional(),
  format: z.literal("json", { error: "only json is served" }).optional(),
});

export type ListQuery = z.infer<typeof ListQuerySchema> & { window: PageWindow };

/**
 * The standard's filters each list understands; any other filter of the standard is refused, as
 * ignoring it would answer with entries the caller asked to leave out. Shape hints (`full`,
 * `minimal`, `full_service`) are ignored: the default shape is always served.
 */
const STANDARD_FILTERS = ["modified_after", "organization_id", "taxonomy_term_id", "taxonomy_id", "postcode", "proximity"];

const WHY_NOT: Record<string, string> = {
  taxonomy_term_id: "GridStation publishes no taxonomy",
  taxonomy_id: "GridStation publishes no taxonomy",
  postcode: "stations carry no postcode",
  proximity: "proximity is measured from a postcode, and stations carry none",
  modified_after: "not a filter of this list",
  organization_id: "not a filter of this list",
};

export function parseList(c: Context, filters: readonly ("modified_after" | "organization_id")[]): ListQuery {
  const query = c.req.query();
  const refused = STANDARD_FILTERS.filter((name) => query[name] !== undefined && !(filters as readonly string[]).includes(name));
  if (refused.length > 0) {
    throw new DomainError("validation_failed", "The query is not valid.", {
      details: refused.map((name) => ({ path: name, message: `not supported: ${WHY_NOT[name]}` })),
    });
  }
  const parsed = ListQuerySchema.safeParse(query);
  if (!parsed.success) {
    throw new DomainError("validation_failed", "The query is not valid.", { details: describeIssues(parsed.error) });
  }
  const q = parsed.data;
  return { ...q, window: { limit: q.per_page, offset: (q.page - 1) * q.per_page } };
}
