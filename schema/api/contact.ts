import { z } from "@hono/zod-openapi";
import { AREA_LEVELS, CIRCLE_ROLES } from "../constants.ts";
import type { Contact } from "../contact.ts";
import { freeText } from "../text.ts";
import { AreaIdSchema } from "./area.ts";
import { DialablePhoneSchema } from "./phone.ts";

export const ContactSchema = z
  .object({
    id: z.number().int(),
    area_id: z.string(),
    role: z.enum(CIRCLE_ROLES),
    name: z.string(),
    organization: z.string().nullable(),
    phone: z.string(),
    department_id: z.string().nullable(),
    active: z.boolean(),
    revision: z.number().int().openapi({ description: 'Counts its changes; send it quoted (`"3"`) as `If-Match` with a change.' }),
  })
  .openapi("Contact");

/** A contact as it appears in a station's circle, with the area it was found on. */
export const CircleContactSchema = ContactSchema.omit({ active: true, revision: true })
  .extend({
    source_area: z.object({ id: z.string(), level: z.enum(AREA_LEVELS), name: z.string() }),
  })
  .openapi("CircleContact");

export const ContactCreateSchema = z
  .object({
    area_id: AreaIdSchema,
    role: z.enum(CIRCLE_ROLES),
    name: freeText().min(1).max(60),
    organization: freeText().min(1).max(100).nullable().optional(),
    phone: DialablePhoneSchema,
    department_id: z.string().max(60).nullable().optional(),
  })
  .strict()
  .openapi("ContactCreate");

export const ContactUpdateSchema = ContactCreateSchema.partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "name at least one field to change" })
  .openapi("ContactUpdate");

export function toContactJson(row: Contact): z.infer<typeof ContactSchema> {
  return {
    id: row.id,
    area_id: row.areaId,
    role: row.role,
    name: row.name,
    organization: row.organization,
    phone: row.phone,
    department_id: row.departmentId,
    active: row.active,
    revision: row.revision,
  };
}
