import { base32nopad } from "@scure/base";
import { describe, expect, it } from "vitest";
import { hotp, otpauthUri, totpCode, verifyTotp } from "../worker/auth/totp.ts";
import { open, seal } from "../worker/lib/secret-box.ts";

// The RFC 4226/6238 test secret: the ASCII bytes "12345678901234567890".
const RFC_SECRET = base32nopad.encode(new TextEncoder().encode("12345678901234567890"));
const at = (seconds: number) => new Date(seconds * 1000);

describe("HOTP and TOTP", () => {
  it("match RFC 4226 appendix D", async () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    expect(await Promise.all(expected.map((_, counter) => hotp(RFC_SECRET, counter)))).toEqual(expected);
  });

  it("match RFC 6238 appendix B (SHA-1, eight digits) on a fixed clock", async () => {
    const vectors: [number, string][] = [
      [59, "94287082"],
      [1111111109, "07081804"],
      [1111111111, "14050471"],
      [1234567890, "89005924"],
      [2000000000, "69279037"],
      [20000000000, "65353130"],
    ];
    for (const [seconds, code] of vectors) expect(await hotp(RFC_SECRET, Math.floor(seconds / 30), 8)).toBe(code);
  });

  it("accept one step of drift either way, and a code only once", async () => {
    const now = at(1234567890); // step 41152263
    const previous = await totpCode(RFC_SECRET, at(1234567890 - 30));
    const next = await totpCode(RFC_SECRET, at(1234567890 + 30));
    const tooOld = await totpCode(RFC_SECRET, at(1234567890 - 60));
    expect(await verifyTotp(RFC_SECRET, previous, now, null)).toBe(41152262);
    expect(await verifyTotp(RFC_SECRET, next, now, null)).toBe(41152264);
    expect(await verifyTotp(RFC_SECRET, tooOld, now, null)).toBeNull();
    const current = await totpCode(RFC_SECRET, now);
    expect(await verifyTotp(RFC_SECRET, current, now, 41152263)).toBeNull();
    expect(await verifyTotp(RFC_SECRET, `${current.slice(0, 3)} ${current.slice(3)}`, now, 41152262)).toBe(41152263);
    expect(await verifyTotp(RFC_SECRET, "12345", now, null)).toBeNull();
    expect(await verifyTotp(RFC_SECRET, "abcdef", now, null)).toBeNull();
  });

  it("describe themselves to authenticator apps", () => {
    expect(otpauthUri("JBSWY3DPEHPK3PXP", "13800000004")).toBe(
      "otpauth://totp/GridStation%3A13800000004?secret=JBSWY3DPEHPK3PXP&issuer=GridStation&algorithm=SHA1&digits=6&period=30",
    );
  });
});

describe("secret box", () => {
  it("opens what it sealed, only with the same key and context", async () => {
    const box = await seal("key one", "JBSWY3DPEHPK3PXP", "totp|staff:1");
    expect(box).not.toContain("JBSWY3DPEHPK3PXP");
    expect(await open("key one", box, "totp|staff:1")).toBe("JBSWY3DPEHPK3PXP");
    expect(await open("key two", box, "totp|staff:1")).toBeNull();
    expect(await open("key one", box, "totp|staff:2")).toBeNull();
    const [version, iv, data] = box.split(".");
    const flipped = `${data!.slice(0, -2)}${data!.at(-2) === "A" ? "B" : "A"}${data!.at(-1)}`;
    expect(await open("key one", [version, iv, flipped].join("."), "totp|staff:1")).toBeNull();
    expect(await open("key one", "garbage", "totp|staff:1")).toBeNull();
  });
});
