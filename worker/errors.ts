import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { DomainError, type ErrorCode } from "./domain-error.ts";
import { jsonContent } from "./routes/openapi.ts";

/** The HTTP status each refusal answers on the API. */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  invalid_transition: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_conflict: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export type { ErrorCode };

/**
 * Nothing answers this method at this address: 405 with `Allow` when other methods do, else 404.
 * `listing` names the document that lists the addresses.
 */
export function unanswered(allowed: string[], method: string, listing: string): ApiError {
  if (allowed.length === 0) return new ApiError("not_found", `Nothing is at this address; ${listing} lists what is.`);
  return new ApiError("method_not_allowed", `${method} is not answered here; ${allowed.join(", ")} are.`, {
    headers: { allow: allowed.join(", ") },
    details: { allow: allowed },
  });
}

export const statusOf = (error: DomainError): ContentfulStatusCode => ERROR_STATUS[error.code];

/** A refusal made at the HTTP edge (middleware, handlers) that also sets response headers. */
export class ApiError extends DomainError {
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; headers?: Record<string, string>; retryAfterSeconds?: number } = {},
  ) {
    super(code, message, options);
    this.name = "ApiError";
    this.headers = options.headers ?? {};
  }
}

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi("Error", {
    example: { error: { code: "not_found", message: "No station has the code JH9999V." } },
  });

export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorEnvelope {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

export function errorResponse(c: Context, error: DomainError) {
  if (error instanceof ApiError) for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  if (error.retryAfterSeconds !== undefined) c.header("Retry-After", String(error.retryAfterSeconds));
  c.header("X-Content-Type-Options", "nosniff");
  return c.json(errorBody(error.code, error.message, error.details), statusOf(error));
}

/** Each zod issue as `{path, message}`, the path dotted so a client can point at the field. */
export function describeIssues(error: ZodError) {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

/** The `defaultHook` of every OpenAPI route: validation failures answer the envelope, 400. */
export function validationHook(result: { success: true } | { success: false; error: ZodError; target?: string }, c: Context) {
  if (result.success) return;
  const where = result.target === "json" ? "body" : (result.target ?? "request");
  return errorResponse(c, new ApiError("validation_failed", `The ${where} is not valid.`, { details: describeIssues(result.error) }));
}

const HTTP_EXCEPTIONS: Partial<Record<number, { code: ErrorCode; message: string }>> = {
  400: { code: "invalid_json", message: "The request body is not valid JSON." },
  413: { code: "payload_too_large", message: "The request body is too large." },
  415: { code: "unsupported_media_type", message: "Send the body as application/json." },
};

/** The one `onError`: known errors keep their code, anything else is a 500 without a stack. */
export function handleError(err: Error, c: Context) {
  if (err instanceof DomainError) return errorResponse(c, err);
  if (err instanceof HTTPException) {
    // Hono and its validators throw these for bodies they cannot take (malformed JSON, wrong type).
    const known = HTTP_EXCEPTIONS[err.status];
    if (known) return errorResponse(c, new ApiError(known.code, known.message));
  }
  console.error(JSON.stringify({ msg: "unhandled error", path: c.req.path, error: String(err) }));
  return errorResponse(c, new ApiError("internal_error", "Something went wrong on our side."));
}

/** A failure response: the error envelope, with what it means here. */
export const errorContent = (description: string) => jsonContent(ErrorEnvelopeSchema, description);

/** The `Retry-After` response header as the OpenAPI document shows it. */
const retryAfterHeader = {
  "Retry-After": {
    description: "Seconds to wait before trying again.",
    schema: { type: "integer" as const, minimum: 1, example: 60 },
  },
};

/** A refusal that says when to try again. */
export const retryLaterContent = (description: string) => ({ ...errorContent(description), headers: retryAfterHeader });

/**
 * Spread into every route's `responses` so the OpenAPI document names its failures; every
 * operation of the API is behind its limiter (routes/index.ts: limitApiCalls), hence the 429.
 */
export const errorResponses = {
  400: errorContent("The request is not valid (`validation_failed`, `invalid_json`)."),
  429: retryLaterContent("Too many calls a minute from this API key, staff member or address (`rate_limited`); wait as Retry-After says."),
  500: errorContent("Unexpected failure (`internal_error`)."),
} as const;

/** For the operations whose work can fail for a moment (a write the database did not take, a photo the image service could not process). */
export const unavailableResponse = (description: string) => ({ 503: retryLaterContent(description) }) as const;

export const authErrorResponses = {
  401: errorContent("Missing or invalid API key (`unauthorized`)."),
  403: errorContent("The key lacks the scope this operation needs (`forbidden`)."),
} as const;

/** For operations that take a JSON body. */
export const bodyErrorResponses = {
  413: errorContent("The body is over 64 KB (`payload_too_large`)."),
  415: errorContent("The body is not `application/json` (`unsupported_media_type`)."),
} as const;

export const notFoundResponse = { 404: errorContent("No such resource (`not_found`).") } as const;
export const conflictResponse = { 409: errorContent("The resource already exists (`conflict`).") } as const;
export const staleResponse = {
  412: errorContent("The entry changed since the revision named in If-Match (`precondition_failed`): read it again, then redo the change."),
} as const;
