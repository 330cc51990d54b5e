import { afterEach, describe, expect, it, vi } from "vitest";
import { formTokenWindow, issueFormToken, verifyFormToken } from "../worker/resident/form-token.ts";
import { livePageQuery, pageVersion } from "../worker/resident/station-page-store.ts";
import { db } from "./helpers/worker.ts";

const WINDOW = 10 * 60 * 1000;
const at = (window: number, ms = 1234) => new Date(window * WINDOW + ms);

afterEach(() => vi.restoreAllMocks());

async function hmac32(secret: string, text: string) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(text)));
  let binary = "";
  for (const b of mac) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "").slice(0, 32);
}

describe("report form tokens, signed once per station and window", () => {
  it("sign a station's token once in a window: later pages of that window reuse it", async () => {
    const sign = vi.spyOn(crypto.subtle, "sign");
    const first = await issueFormToken("once-secret", "JH0501V", at(9000, 1000));
    expect(sign).toHaveBeenCalledTimes(1);
    expect(await issueFormToken("once-secret", "JH0501V", at(9000, 61_000))).toBe(first);
    expect(await issueFormToken("once-secret", "JH0501V", at(9000, WINDOW - 1))).toBe(first);
    expect(sign).toHaveBeenCalledTimes(1);
    // Another station in the same window is signed once too, and the first is still kept.
    await issueFormToken("once-secret", "JH0502V", at(9000, 2000));
    await issueFormToken("once-secret", "JH0502V", at(9000, 3000));
    expect(await issueFormToken("once-secret", "JH0501V", at(9000, 4000))).toBe(first);
    expect(sign).toHaveBeenCalledTimes(2);
    // The next window signs anew.
    const next = await issueFormToken("once-secret", "JH0501V", at(9001, 0));
    expect(next.startsWith("9001.")).toBe(true);
    expect(sign).toHaveBeenCalledTimes(3);
  });
});

describe("the window a form token names", () => {
  it("is read only from a token written the one way, with nothing after its signature", async () => {
    const token = await issueFormToken("shape-secret", "JH0501V", at(7000));
    expect(formTokenWindow(token)).toBe(7000);
    expect(formTokenWindow(`${token}x`)).toBeNull();
    expect(formTokenWindow(`${token}.`)).toBeNull();
    expect(formTokenWindow(`0${token}`)).toBeNull();
  });

  it("refuses a token whose window is not written the site's way, whatever follows it", async () => {
    // Early in the epoch (window 100), with a signature over the text a missing window would give.
    const now = at(100);
    const signature = await hmac32("early-secret", "JH0501V|null");
    expect(await verifyFormToken("early-secret", "JH0501V", `00.${signature}`, now)).toBe(false);
    expect(await verifyFormToken("early-secret", "JH0501V", `x.${signature}`, now)).toBe(false);
    const good = await hmac32("early-secret", "JH0501V|100");
    expect(await verifyFormToken("early-secret", "JH0501V", `100.${good}`, now)).toBe(true);
  });
});

/** FNV-1a, 32 bits, written out here from its definition. */
function referenceFnv1a(text: string) {
  let hash = 0x811c9dc5;
  for (const unit of Array.from({ length: text.length }, (_, i) => text.charCodeAt(i))) {
    hash ^= unit;
    hash = Number((BigInt(hash >>> 0) * 0x01000193n) & 0xffffffffn);
  }
  return (hash >>> 0).toString(16);
}

describe("the ready page's version", () => {
  it("is the FNV-1a hash (hex) of the live query's SQL", () => {
    // Published FNV-1a 32-bit test vectors, to check the reference itself.
    expect(referenceFnv1a("")).toBe("811c9dc5");
    expect(referenceFnv1a("a")).toBe("e40c292c");
    expect(referenceFnv1a("foobar")).toBe("bf9cf968");
    const version = pageVersion(db());
    expect(version).not.toBe("811c9dc5");
    expect(version).toBe(referenceFnv1a(livePageQuery(db()).toSQL().sql));
  });
});
