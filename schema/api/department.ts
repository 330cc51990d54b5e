import { z } from "@hono/zod-openapi";
import type { Department } from "../department.ts";

export const DepartmentSchema = z
  .object({
    id: z.string().openapi({ example: "market_supervision" }),
    name: z.string().openapi({ example: "区市场监督管理局" }),
    name_en: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .openapi("Department");

export function toDepartmentJson(row: Department): z.infer<typeof DepartmentSchema> {
  return { id: row.id, name: row.name, name_en: row.nameEn, phone: row.phone };
}
