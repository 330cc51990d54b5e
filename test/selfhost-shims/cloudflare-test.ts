// `cloudflare:test` for the suite on Node: the few helpers the tests use.
import { BackgroundWork } from "../../selfhost/runtime.ts";

const contexts = new WeakMap<ExecutionContext, BackgroundWork>();

/** The migrations were applied when the in-memory database was opened (selfhost/migrate.ts). */
export async function applyD1Migrations(_db: D1Database, _migrations: unknown[]) {}

export function createExecutionContext(): ExecutionContext {
  const work = new BackgroundWork();
  const ctx = work.context();
  contexts.set(ctx, work);
  return ctx;
}

export async function waitOnExecutionContext(ctx: ExecutionContext) {
  await contexts.get(ctx)?.drain();
}

export function createScheduledController(options: { scheduledTime?: number | Date; cron?: string } = {}): ScheduledController {
  const time = options.scheduledTime instanceof Date ? options.scheduledTime.getTime() : (options.scheduledTime ?? Date.now());
  return { scheduledTime: time, cron: options.cron ?? "", noRetry: () => {} } as ScheduledController;
}
