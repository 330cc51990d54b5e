import { ulid } from "ulidx";
import { randomBytes } from "../lib/encoding.ts";

/**
 * Random numbers for ULIDs, from a pool of CSPRNG words: ulidx's default draws from the CSPRNG
 * once per character, 32 calls per case filed, which showed in the report form's CPU profile
 * (the figure is in bench/RESULTS.md).
 */
const pool = new Uint32Array(64);
let pooled = pool.length;
function pooledRandom(): number {
  if (pooled === pool.length) {
    crypto.getRandomValues(pool);
    pooled = 0;
  }
  return pool[pooled++]! / 2 ** 32;
}

/** Case ids sort by creation time (ULID). */
export function newCaseId(createdAt = new Date()): string {
  return ulid(createdAt.getTime(), pooledRandom);
}

export function newRevision(): string {
  return ulid(undefined, pooledRandom);
}

/** Unambiguous upper-case letters and digits: no 0/O, 1/I/L, 2/Z, 5/S, 8/B. */
const TRACKING_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY";
const TRACKING_CODE_LENGTH = 10;
export const TRACKING_CODE_PATTERN = new RegExp(`^[${TRACKING_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`);

/**
 * A resident's tracking code: 10 symbols of a 25-letter alphabet, about 46 bits from the CSPRNG
 * (rejection sampling keeps every symbol equally likely). Short enough to read over the phone.
 */
export function newTrackingCode(): string {
  let code = "";
  while (code.length < TRACKING_CODE_LENGTH) {
    for (const byte of randomBytes(16)) {
      // 250 = 10 × 25: bytes above it would favour the first symbols.
      if (byte < 250 && code.length < TRACKING_CODE_LENGTH) code += TRACKING_ALPHABET[byte % 25];
    }
  }
  return code;
}
