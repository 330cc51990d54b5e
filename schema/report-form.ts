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

/**
 * The station report form (field names are fixed: `category`, `description`, `micro_grid`, `name`,
 * `phone`, `notify`). `notify` (办结后短信告诉我) is a checkbox, off unless ticked, and needs a number.
 */
export const ReportFormSchema = z
  .object({
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
    notify: z
      .string()
      .optional()
      .transform((v) => v === "1"),
    token: z.string().max(100),
  })
  .superRefine((form, ctx) => {
    if (form.notify && !form.phone) ctx.addIssue({ code: "custom", path: ["notify"], message: "a text needs a mobile number" });
  });

export type ReportFormValues = Partial<Record<"category" | "description" | "micro_grid" | "name" | "phone" | "notify", string>>;
export type ReportFormField = keyof ReportFormValues | "photo" | "token";
