import { randomUUID } from "node:crypto";
import type { SqliteD1 } from "./d1.ts";

/** A consumer's settings, as `[[queues.consumers]]` in wrangler.toml gives them. */
export interface ConsumerSettings {
  queue: string;
  maxBatchSize: number;
  maxRetries: number;
  deadLetterQueue?: string | undefined;
}

/** How long a delivered batch is leased: a process that dies mid-batch has it delivered again after. */
const LEASE_MS = 5 * 60 * 1000;

interface Row {
  id: string;
  queue: string;
  body: string;
  attempts: number;
  created_at: number;
}

/**
 * Cloudflare Queues' producer over the `queue_message` table. Messages are written in their own
 * transaction, durable once `send` returns.
 */
export class TableQueue<Body = unknown> {
  readonly #db: SqliteD1;
  readonly name: string;

  constructor(db: SqliteD1, name: string) {
    this.#db = db;
    this.name = name;
  }

  async send(body: Body, options: { delaySeconds?: number } = {}) {
    await this.sendBatch([{ body, ...options }]);
  }

  async sendBatch(messages: Iterable<{ body: Body; delaySeconds?: number }>) {
    const insert = this.#db.sqlite.prepare(
      "INSERT INTO queue_message (id, queue, body, attempts, visible_at, created_at) VALUES (?, ?, ?, 0, ?, ?)",
    );
    const now = Date.now();
    this.#db.sqlite.transaction(() => {
      for (const m of messages) insert.run(randomUUID(), this.name, JSON.stringify(m.body), now + (m.delaySeconds ?? 0) * 1000, now);
    })();
  }
}

type Handler<Body> = (batch: MessageBatch<Body>) => Promise<void>;

/**
 * Takes due messages of one queue, a batch at a time, and hands them to the worker's `queue()`
 * handler as Cloudflare would: each message is acked, retried (with a delay) or, if neither,
 * acked when the handler returns and retried when it throws. A message retried past
 * `maxRetries` moves to the dead-letter queue (or is dropped without one). Batches are leased,
 * never deleted before their outcome is known, so a crash delivers them again.
 */
export async function consumeOnce<Body>(
  db: SqliteD1,
  settings: ConsumerSettings,
  handler: Handler<Body>,
  now = Date.now(),
): Promise<number> {
  const rows = db.sqlite
    .transaction(() => {
      const due = db.sqlite
        .prepare(
          "SELECT id, queue, body, attempts, created_at FROM queue_message WHERE queue = ? AND visible_at <= ? ORDER BY visible_at, rowid LIMIT ?",
        )
        .all(settings.queue, now, settings.maxBatchSize) as Row[];
      const lease = db.sqlite.prepare("UPDATE queue_message SET attempts = attempts + 1, visible_at = ? WHERE id = ?");
      for (const row of due) lease.run(now + LEASE_MS, row.id);
      return due;
    })
    .immediate();
  if (rows.length === 0) return 0;

  const outcomes = new Map<string, { retry: false } | { retry: true; delaySeconds: number }>();
  const messages = rows.map((row) => ({
    id: row.id,
    timestamp: new Date(row.created_at),
    body: JSON.parse(row.body) as Body,
    attempts: row.attempts + 1,
    ack: () => void outcomes.set(row.id, { retry: false }),
    retry: (options: { delaySeconds?: number } = {}) => void outcomes.set(row.id, { retry: true, delaySeconds: options.delaySeconds ?? 0 }),
  }));
  const batch = {
    queue: settings.queue,
    messages,
    ackAll: () => {
      for (const m of messages) m.ack();
    },
    retryAll: (options: { delaySeconds?: number } = {}) => {
      for (const m of messages) m.retry(options);
    },
  } as unknown as MessageBatch<Body>;

  let failed = false;
  try {
    await handler(batch);
  } catch (error) {
    failed = true;
    console.error(JSON.stringify({ msg: "queue handler failed", queue: settings.queue, error: String(error) }));
  }
  const remove = db.sqlite.prepare("DELETE FROM queue_message WHERE id = ?");
  const later = db.sqlite.prepare("UPDATE queue_message SET visible_at = ? WHERE id = ?");
  const deadLetter = db.sqlite.prepare("UPDATE queue_message SET queue = ?, attempts = 0, visible_at = ? WHERE id = ?");
  db.sqlite.transaction(() => {
    for (const message of messages) {
      const outcome = outcomes.get(message.id) ?? (failed ? { retry: true as const, delaySeconds: 0 } : { retry: false as const });
      if (!outcome.retry) remove.run(message.id);
      else if (message.attempts <= settings.maxRetries) later.run(now + outcome.delaySeconds * 1000, message.id);
      else if (settings.deadLetterQueue) deadLetter.run(settings.deadLetterQueue, now, message.id);
      else remove.run(message.id);
    }
  })();
  return rows.length;
}
