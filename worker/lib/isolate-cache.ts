/**
 * A small cache in the isolate's memory, for data that is public or revocable with a short delay
 * and read far more often than it changes. Entries live `ttlMs`; beyond `maxEntries` (or, when
 * sizes are given, beyond `maxBytes` in all) the oldest go first. Each isolate has its own: a
 * change made elsewhere shows here within `ttlMs`.
 */
export class IsolateCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number; bytes: number }>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #sizeOf: (value: V) => number;
  #bytes = 0;

  constructor(ttlMs: number, maxEntries: number, bytes?: { max: number; of: (value: V) => number }) {
    this.#ttlMs = ttlMs;
    this.#maxEntries = maxEntries;
    this.#maxBytes = bytes?.max ?? Number.POSITIVE_INFINITY;
    this.#sizeOf = bytes?.of ?? (() => 0);
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, now = Date.now()) {
    this.#put(key, value, now + this.#ttlMs);
  }

  /** The entry's value replaced (grown, say), keeping the time it expires; nothing if it is gone. */
  update(key: string, value: V) {
    const entry = this.#entries.get(key);
    if (entry) this.#put(key, value, entry.expires);
  }

  delete(key: string) {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#bytes -= entry.bytes;
    this.#entries.delete(key);
  }

  clear() {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /** How much it holds: entries, and bytes as `sizeOf` counts them. */
  get size() {
    return { entries: this.#entries.size, bytes: this.#bytes };
  }

  #put(key: string, value: V, expires: number) {
    this.delete(key);
    const bytes = this.#sizeOf(value);
    this.#entries.set(key, { value, expires, bytes });
    this.#bytes += bytes;
    while (this.#entries.size > this.#maxEntries || (this.#bytes > this.#maxBytes && this.#entries.size > 1)) {
      this.delete(this.#entries.keys().next().value!);
    }
  }
}
