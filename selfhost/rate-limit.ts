/**
 * The Rate Limiting binding's `limit({ key })` in this process's memory: a count per key and
 * window of `period` seconds. One process per district (documented): a second process would
 * keep counts of its own.
 */
export class MemoryRateLimit {
  readonly #limit: number;
  readonly #periodMs: number;
  #window = -1;
  #counts = new Map<string, number>();

  constructor(limit: number, periodSeconds: number) {
    this.#limit = limit;
    this.#periodMs = periodSeconds * 1000;
  }

  async limit({ key }: { key: string }, now = Date.now()): Promise<{ success: boolean }> {
    const window = Math.floor(now / this.#periodMs);
    if (window !== this.#window) {
      // A new window: the old counts are of no use, and dropping them bounds the memory.
      this.#window = window;
      this.#counts = new Map();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return { success: count <= this.#limit };
  }
}
