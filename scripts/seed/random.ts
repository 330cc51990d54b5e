/** A small seeded PRNG (mulberry32): the same seed gives the same district on every machine. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, int, pick };
}

export type Random = ReturnType<typeof createRandom>;

/**
 * Splits `total` into `buckets` whole counts, each at least `min`, the remainder handed out
 * at random so some areas come out larger than others, as real ones do.
 */
export function spread(total: number, buckets: number, min: number, random: Random): number[] {
  const counts = Array.from({ length: buckets }, () => min);
  for (let left = total - min * buckets; left > 0; left--) {
    const i = random.int(0, buckets - 1);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}
