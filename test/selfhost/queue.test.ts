// The self-hosted queue keeps Cloudflare Queues' semantics (selfhost/queue.ts).
import { beforeEach, describe, expect, it } from "vitest";
import { SqliteD1 } from "../../selfhost/d1.ts";
import { applyMigrations } from "../../selfhost/migrate.ts";
import { consumeOnce, TableQueue } from "../../selfhost/queue.ts";

const SETTINGS = { queue: "jobs", maxBatchSize: 10, maxRetries: 2, deadLetterQueue: "jobs-dead" };
let db: SqliteD1;
let queue: TableQueue<{ n: number }>;

beforeEach(() => {
  db = new SqliteD1(":memory:");
  applyMigrations(db, new URL("../../migrations", import.meta.url).pathname);
  queue = new TableQueue(db, "jobs");
});

const waiting = (name = "jobs") =>
  (db.sqlite.prepare("SELECT count(*) AS n FROM queue_message WHERE queue = ?").get(name) as { n: number }).n;

describe("the self-hosted queue", () => {
  it("delivers in batches and forgets acked messages, and those the handler returned without a word on", async () => {
    await queue.sendBatch([{ body: { n: 1 } }, { body: { n: 2 } }, { body: { n: 3 } }]);
    const seen: number[][] = [];
    const delivered = await consumeOnce<{ n: number }>(
      db,
      { ...SETTINGS, maxBatchSize: 2 },
      async (batch) => {
        seen.push(batch.messages.map((m) => m.body.n));
        expect(batch.queue).toBe("jobs");
        expect(batch.messages.map((m) => m.attempts)).toEqual([1, 1]);
        batch.messages[0]!.ack();
      },
      Date.now(),
    );
    expect(delivered).toBe(2);
    expect(seen).toEqual([[1, 2]]);
    expect(waiting()).toBe(1);
  });

  it("retries with the delay asked for, counting attempts, and moves a message to the dead letters after max_retries", async () => {
    await queue.send({ n: 7 });
    const attempts: number[] = [];
    const fail = async (batch: MessageBatch<{ n: number }>) => {
      for (const m of batch.messages) {
        attempts.push(m.attempts);
        m.retry({ delaySeconds: 30 });
      }
    };
    const start = Date.now();
    expect(await consumeOnce(db, SETTINGS, fail, start)).toBe(1);
    // Not due again before its delay.
    expect(await consumeOnce(db, SETTINGS, fail, start + 29_000)).toBe(0);
    expect(await consumeOnce(db, SETTINGS, fail, start + 31_000)).toBe(1);
    expect(await consumeOnce(db, SETTINGS, fail, start + 62_000)).toBe(1);
    expect(attempts).toEqual([1, 2, 3]);
    expect([waiting(), waiting("jobs-dead")]).toEqual([0, 1]);
    const dead: number[] = [];
    await consumeOnce<{ n: number }>(
      db,
      { queue: "jobs-dead", maxBatchSize: 10, maxRetries: 3 },
      async (batch) => void dead.push(...batch.messages.map((m) => m.body.n)),
      start + 62_000,
    );
    expect([dead, waiting("jobs-dead")]).toEqual([[7], 0]);
  });

  it("retries every message not acked when the handler throws", async () => {
    await queue.sendBatch([{ body: { n: 1 } }, { body: { n: 2 } }]);
    const T = Date.now();
    await consumeOnce<{ n: number }>(
      db,
      SETTINGS,
      async (batch) => {
        batch.messages[0]!.ack();
        throw new Error("the receiver is down");
      },
      T,
    );
    expect(waiting()).toBe(1);
    const again: number[] = [];
    await consumeOnce<{ n: number }>(db, SETTINGS, async (batch) => void again.push(...batch.messages.map((m) => m.attempts)), T);
    expect(again).toEqual([2]);
  });

  it("delivers again what a process took but never finished (a restart in the middle of a batch)", async () => {
    await queue.send({ n: 9 });
    const T = Date.now();
    // The process dies inside the handler: the lease is taken, no outcome is written.
    const crashed = consumeOnce(db, SETTINGS, () => new Promise<void>(() => {}), T);
    void crashed;
    expect(await consumeOnce(db, SETTINGS, async () => {}, T + 1000)).toBe(0); // leased
    const redelivered: number[] = [];
    await consumeOnce<{ n: number }>(
      db,
      SETTINGS,
      async (batch) => void redelivered.push(...batch.messages.map((m) => m.attempts)),
      T + 5 * 60_000 + 1,
    );
    expect(redelivered).toEqual([2]);
    expect(waiting()).toBe(0);
  });

  it("keeps messages across a reopening of the database file", async () => {
    const file = `${process.env.TMPDIR ?? "/tmp"}/gridstation-queue-${process.pid}-${Date.now()}.sqlite`;
    const first = new SqliteD1(file);
    applyMigrations(first, new URL("../../migrations", import.meta.url).pathname);
    await new TableQueue(first, "jobs").send({ n: 5 });
    first.close();
    const second = new SqliteD1(file);
    const got: number[] = [];
    await consumeOnce<{ n: number }>(second, SETTINGS, async (batch) => void got.push(...batch.messages.map((m) => m.body.n)), Date.now());
    second.close();
    expect(got).toEqual([5]);
  });
});
