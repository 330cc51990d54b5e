import { z } from "@hono/zod-openapi";

/** A number a resident can dial: a mobile, a landline with area code, or a short service line. */
export const DialablePhoneSchema = z
  .string()
  .trim()
  .regex(/^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{3,6})$/, "a mainland mobile, landline or service number")
  .openapi({ example: "0351-1234567" });
