/** Failures of the database that say nothing about the statement, only that this try did not get through (D1 in transit; SQLite busy with another writer). */
const TRANSIENT =
  /network connection lost|object to be reset|overloaded|timed? ?out|internal error|unavailable|database is locked|SQLITE_BUSY/i;

export function isTransient(error: unknown): boolean {
  const text = `${String(error)} ${String((error as { cause?: unknown })?.cause ?? "")}`;
  return TRANSIENT.test(text) && !/UNIQUE constraint failed/.test(text);
}

/**
 * Runs a write again after a transient failure, up to `attempts` times with a short growing pause.
 * Only for writes that are safe to repeat: an idempotency key makes a repeat find the first one.
 */
export async function retryTransient<T>(write: () => Promise<T>, attempts = 3, pauseMs = 40): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
    }
  }
}
