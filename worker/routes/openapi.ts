import type { z } from "@hono/zod-openapi";

/** A response whose body is JSON of this schema, as an OpenAPI route (or a hand-written document) states it. */
export const jsonContent = <S>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });

/** A request body that must be JSON of this schema, with a body that passes it (code generators and the reference show it). */
export const jsonBody = <S extends z.ZodType>(schema: S, example: z.input<S>) => ({
  required: true,
  content: { "application/json": { schema, example } },
});

/** No credentials needed: stated on each public operation, so a reader (and a linter) knows it was not forgotten. */
export const publicOperation = { security: [] as Record<string, string[]>[] };
