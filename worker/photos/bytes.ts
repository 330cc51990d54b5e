/** A file that says it is a photo but does not hold together as one: refused, never stored. */
export class UnreadablePhoto extends Error {
  constructor(reason: string) {
    super(`unreadable photo: ${reason}`);
  }
}

export function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new UnreadablePhoto(reason);
}

export const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
