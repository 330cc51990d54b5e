import { z } from "@hono/zod-openapi";

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time as HH:MM");

/** Weekly opening hours; days are ISO weekdays (1 = Monday … 7 = Sunday). */
export const OpeningHoursSchema = z
  .array(
    z
      .object({
        days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
        opens: clockTime,
        closes: clockTime,
      })
      .strict()
      .refine((h) => h.opens < h.closes, { message: "opens must be before closes" }),
  )
  .max(14)
  .openapi("OpeningHours", {
    example: [{ days: [1, 2, 3, 4, 5, 6, 7], opens: "08:00", closes: "20:00" }],
  });

export type OpeningHours = z.infer<typeof OpeningHoursSchema>;
