import { describe, expect, it } from "vitest";
import { fromBase64Url, sha256Hex, toBase64Url, toHex } from "../worker/lib/encoding.ts";

describe("encoding", () => {
  it("writes bytes as two lower-case hex digits each", () => {
    expect(toHex(new Uint8Array([0, 1, 15, 16, 171, 255]))).toBe("00010f10abff");
    expect(toHex(new Uint8Array([]))).toBe("");
    expect(toHex(new Uint8Array([222, 173, 190, 239]).buffer)).toBe("deadbeef");
  });

  it("hashes text as the SHA-256 test vectors say", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("round-trips base64url and refuses other alphabets", () => {
    const bytes = new Uint8Array([251, 255, 191, 0, 62, 63]);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromBase64Url(text)).toEqual(bytes);
    expect(fromBase64Url("a+b/")).toBeNull();
  });
});
