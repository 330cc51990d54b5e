import { z } from "@hono/zod-openapi";
import { AREA_PATH_PATTERN, MAINLAND_MOBILE_PATTERN, STAFF_ROLES } from "../constants.ts";
import { freeText } from "../text.ts";
import { AreaIdSchema } from "./area.ts";

export const MainlandMobileSchema = z
  .string()
  .trim()
  .regex(MAINLAND_MOBILE_PATTERN, "an 11-digit mainland mobile number such as 13800000000");

/** A new staff member: area roles need an area, department officers a department. */
export const StaffCreateSchema = z
  .object({
    phone: MainlandMobileSchema,
    name: freeText().min(1).max(40),
    role: z.enum(STAFF_ROLES),
    /** An area id (`jh0501`) or path (`/xhl/jh/jh05/jh0501/`). */
    area: z.union([AreaIdSchema, z.string().regex(AREA_PATH_PATTERN, "an area path such as /xhl/jh/")]).optional(),
    department_id: z.string().min(1).max(60).optional(),
    password: z.string().min(10, "at least 10 characters").max(200),
  })
  .strict()
  .superRefine((value, ctx) => {
    const wantsDepartment = value.role === "department_officer";
    if (wantsDepartment && !value.department_id) {
      ctx.addIssue({ code: "custom", path: ["department_id"], message: "a department officer needs a department" });
    }
    if (!wantsDepartment && !value.area) {
      ctx.addIssue({ code: "custom", path: ["area"], message: `a ${value.role} needs an area` });
    }
    if (value.area && value.department_id) {
      ctx.addIssue({ code: "custom", path: ["department_id"], message: "give an area or a department, not both" });
    }
  });

export type StaffCreate = z.infer<typeof StaffCreateSchema>;
