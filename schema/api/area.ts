import { z } from "@hono/zod-openapi";
import type { Area } from "../area.ts";
import { AREA_LEVELS } from "../constants.ts";

export const AreaIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/, "lower-case letters, digits and dashes")
  .openapi({ example: "jh0501" });

export const AreaSchema = z
  .object({
    id: AreaIdSchema,
    parent_id: z.string().nullable(),
    level: z.enum(AREA_LEVELS),
    name: z.string(),
    name_en: z.string().nullable(),
    path: z.string().openapi({ example: "/xhl/jh/jh05/jh0501/" }),
    households: z.number().int().nullable(),
  })
  .openapi("Area");

export const AreaRefSchema = z
  .object({ id: z.string(), level: z.enum(AREA_LEVELS), name: z.string(), name_en: z.string().nullable() })
  .openapi("AreaRef");

export const AreaDetailSchema = AreaSchema.extend({
  ancestors: z.array(AreaRefSchema).openapi({ description: "From the district down to the parent." }),
}).openapi("AreaDetail");

export type AreaJson = z.infer<typeof AreaSchema>;

export function toAreaJson(row: Area): AreaJson {
  return {
    id: row.id,
    parent_id: row.parentId,
    level: row.level,
    name: row.name,
    name_en: row.nameEn,
    path: row.path,
    households: row.households,
  };
}
