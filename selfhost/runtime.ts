import worker from "../worker/index.ts";
import type { WebhookMessage } from "../worker/webhooks/messages.ts";
import { openDataFolder, type SelfHostedPlatform } from "./bindings.ts";
import { consumeOnce } from "./queue.ts";
import type { WranglerConfig } from "./wrangler-config.ts";

/** `ctx.waitUntil` for one process: work kept track of, so a shutdown can wait for it. */
export class BackgroundWork {
  readonly #pending = new Set<Promise<unknown>>();

  context(): ExecutionContext {
    return {
      waitUntil: (promise: Promise<unknown>) => {
        const tracked = promise.catch((error) => console.error(JSON.stringify({ msg: "background work failed", error: String(error) })));
        this.#pending.add(tracked);
        void tracked.finally(() => this.#pending.delete(tracked));
      },
      passThroughOnException: () => {},
      props: {},
    } as unknown as ExecutionContext;
  }

  async drain() {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}

export interface Runtime {
  platform: SelfHostedPlatform;
  config: WranglerConfig;
  background: BackgroundWork;
  fetch(request: Request): Promise<Response>;
  /** Runs the Cron Trigger's work once, at `at`. */
  scheduled(at: Date, cron?: string): Promise<void>;
  /** Delivers the due messages of every consumed queue once; the number delivered. */
  drainQueues(now?: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * The unchanged worker module (`fetch`, `scheduled`, `queue`) over the self-hosted bindings: what
 * the Node server runs, and what the test suite on Node calls.
 */
export function createRuntime(options: Parameters<typeof openDataFolder>[0] = {}): Runtime {
  const { platform, config } = openDataFolder(options);
  const background = new BackgroundWork();
  const consumers = config.consumers;
  return {
    platform,
    config,
    background,
    fetch: async (request) => worker.fetch(request, platform.env, background.context()),
    scheduled: async (at, cron = config.crons[0] ?? "*/5 * * * *") => {
      const controller = { scheduledTime: at.getTime(), cron, noRetry: () => {} } as ScheduledController;
      const ctx = background.context();
      await worker.scheduled(controller, platform.env, ctx);
    },
    drainQueues: async (now = Date.now()) => {
      let delivered = 0;
      for (const settings of consumers) {
        delivered += await consumeOnce<WebhookMessage>(platform.db, settings, (batch) => worker.queue(batch, platform.env), now);
      }
      return delivered;
    },
    close: async () => {
      await background.drain();
      platform.close();
    },
  };
}
