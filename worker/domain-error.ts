/**
 * The closed list of reasons a request is refused, shared by every surface: the API maps each to
 * an HTTP status and its envelope (worker/errors.ts), the pages to a sentence in the visitor's
 * language (portal/staff/refusal.ts).
 */
export const ERROR_CODES = [
  "validation_failed",
  "invalid_json",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "invalid_transition",
  "precondition_failed",
  "payload_too_large",
  "unsupported_media_type",
  "idempotency_conflict",
  "rate_limited",
  "internal_error",
  "unavailable",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A field that did not check out: its dotted path and what is wrong with it. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * What domain code throws when it refuses: a code from the list, a sentence for developers and
 * logs (English, it reaches API clients as the envelope's message), and details a surface can
 * act on. It knows nothing of HTTP; `retryAfterSeconds` says when trying again may succeed.
 */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The details as field problems, when they are a list of them. */
  get fieldProblems(): FieldProblem[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter((d): d is FieldProblem => typeof d?.path === "string" && typeof d?.message === "string");
  }
}

/** For a lookup whose "not found" is an answer, not a failure: `.catch(notFoundAsNull)`. */
export function notFoundAsNull(error: unknown): null {
  if (error instanceof DomainError && error.code === "not_found") return null;
  throw error;
}
