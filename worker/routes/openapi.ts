/** A response whose body is JSON of this schema, as an OpenAPI route (or a hand-written document) states it. */
export const jsonContent = <S>(schema: S, description: string) => ({ description, content: { "application/json": { schema } } });

/** A request body that must be JSON of this schema. */
export const jsonBody = <S>(schema: S) => ({ required: true, content: { "application/json": { schema } } });
