import { expect } from "vitest";
import { DomainError } from "../../worker/domain-error.ts";
import { type ErrorCode, ErrorEnvelopeSchema } from "../../worker/errors.ts";

/** Asserts the one error envelope of DESIGN.md, with this status and code; returns the error. */
export async function expectError(res: Response, status: number, code: ErrorCode) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = ErrorEnvelopeSchema.parse(await res.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack frames
  return body.error;
}

/** What a domain call refused with: it must be a DomainError. */
export async function domainRefusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}
