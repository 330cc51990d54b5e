import { z } from "@hono/zod-openapi";
import { DESCRIPTION_MAX, MAINLAND_MOBILE_PATTERN } from "./constants.ts";
import { freeText } from "./text.ts";

/** What residents may report from a station's QR page, in the order the form offers them. */
export const RESIDENT_CATEGORIES = ["safety_hazard", "dispute", "public_service", "social_opinion", "emergency"] as const;

const optionalText = (max: number) =>
  freeText()
    .max(max)
    .transform((v) => (v === "" ? undefined : v))
    .optional();

/** The station report form (field names are fixed: `category`, `description`, `micro_grid`, `name`, `phone`). */
export const ReportFormSchema = z.object({
  category: z.enum(RESIDENT_CATEGORIES),
  description: freeText().min(1).max(DESCRIPTION_MAX),
  micro_grid: optionalText(40),
  name: optionalText(40),
  phone: z
    .string()
    .trim()
    .transform((v) => v.replace(/[\s-]/g, ""))
    .refine((v) => v === "" || MAINLAND_MOBILE_PATTERN.test(v))
    .transform((v) => (v === "" ? undefined : v))
    .optional(),
  token: z.string().max(100),
});

export type ReportFormValues = Partial<Record<"category" | "description" | "micro_grid" | "name" | "phone", string>>;
export type ReportFormField = keyof ReportFormValues | "photo" | "token";
