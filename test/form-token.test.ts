import { describe, expect, it } from "vitest";
import { issueFormToken, verifyFormToken } from "../worker/resident/form-token.ts";

const WINDOW = 10 * 60 * 1000;
const at = (window: number) => new Date(window * WINDOW + 1234);

describe("report form tokens", () => {
  it("are the same for a station within a window and differ by station, window and secret", async () => {
    const first = await issueFormToken("secret-a", "JH0501V", at(5000));
    expect(await issueFormToken("secret-a", "JH0501V", new Date(at(5000).getTime() + 60_000))).toBe(first);
    expect(await issueFormToken("secret-a", "JH0502V", at(5000))).not.toBe(first);
    expect(await issueFormToken("secret-b", "JH0501V", at(5000))).not.toBe(first);
    const next = await issueFormToken("secret-a", "JH0501V", at(5001));
    expect(next).not.toBe(first);
    expect(next.startsWith("5001.")).toBe(true);
  });

  it("are accepted for their station for a day, and for nothing else", async () => {
    const token = await issueFormToken("secret-a", "JH0501V", at(7000));
    expect(await verifyFormToken("secret-a", "JH0501V", token, at(7000))).toBe(true);
    expect(await verifyFormToken("secret-a", "JH0501V", token, at(7144))).toBe(true);
    expect(await verifyFormToken("secret-a", "JH0501V", token, at(7145))).toBe(false);
    expect(await verifyFormToken("secret-a", "JH0501V", token, at(6999))).toBe(false);
    expect(await verifyFormToken("secret-a", "JH0502V", token, at(7000))).toBe(false);
    expect(await verifyFormToken("secret-b", "JH0501V", token, at(7000))).toBe(false);
  });
});
