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

export const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
