import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { staff } from "../schema/staff.ts";
import { webhook } from "../schema/webhook.ts";
import { issueApiKey } from "../worker/auth/api-key.ts";
import { boxContext } from "../worker/auth/second-factor.ts";
import { toBase64Url } from "../worker/lib/encoding.ts";
import { currentKeyId, keyIdOf, keyringOf, open, seal } from "../worker/lib/secret-box.ts";
import { resealAll, secretsStatus } from "../worker/staff/admin/secrets.ts";
import { createWebhook, secretContext } from "../worker/webhooks/subscriptions.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db } from "./helpers/worker.ts";

const OLD = "the key the district started with";
const NEW = "the key after the rotation";

/** A box in the first format (`v1`, no key id), as boxes made before key ids are stored. */
async function v1Box(secret: string, plaintext: string, context: string) {
  const raw = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`gridstation secret box|${secret}`));
  const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    key,
    new TextEncoder().encode(plaintext),
  );
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(data))}`;
}

let members: number[] = [];
let hookId = "";

beforeAll(async () => {
  await seedDemo();
  const rows = await db().select({ id: staff.id }).from(staff).limit(3);
  members = rows.map((r) => r.id);
  // Two second factors sealed with the old key (one of them in the first format), one webhook.
  await db()
    .update(staff)
    .set({ totpSecret: await seal(OLD, "JBSWY3DPEHPK3PXP", boxContext(members[0]!)) })
    .where(eq(staff.id, members[0]!));
  await db()
    .update(staff)
    .set({ totpSecret: await v1Box(OLD, "KRSXG5DSNFXGOIDB", boxContext(members[1]!)) })
    .where(eq(staff.id, members[1]!));
  const { id: keyId } = await issueApiKey(db(), "rotation test", ["cases:read"]);
  ({
    webhook: { id: hookId },
  } = await createWebhook(db(), OLD, keyId, { url: "https://hotline.example.cn/hook" }, { allowPrivateDestinations: false }));
});

const boxOf = async (id: number) => (await db().query.staff.findFirst({ where: eq(staff.id, id) }))!.totpSecret!;

describe("rotating ENCRYPTION_KEY", () => {
  it("reads boxes of a previous key while the rotation is under way, and writes with the new one", async () => {
    const ring = keyringOf({ ENCRYPTION_KEY: NEW, ENCRYPTION_KEYS_PREVIOUS: ` ${OLD} , ` });
    expect(ring).toEqual({ current: NEW, previous: [OLD] });
    expect(await open(ring, await boxOf(members[0]!), boxContext(members[0]!))).toBe("JBSWY3DPEHPK3PXP");
    expect(await open(ring, await boxOf(members[1]!), boxContext(members[1]!))).toBe("KRSXG5DSNFXGOIDB");
    // The new key alone cannot: this is what a rotation without the previous key would break.
    expect(await open(NEW, await boxOf(members[0]!), boxContext(members[0]!))).toBeNull();
    const fresh = await seal(ring, "a new secret", "ctx");
    expect(keyIdOf(fresh)).toBe(await currentKeyId(NEW));
    expect(await open(NEW, fresh, "ctx")).toBe("a new secret");
    // A box stays bound to its row.
    expect(await open(ring, await boxOf(members[0]!), boxContext(members[1]!))).toBeNull();
  });

  it("reseals every secret with the new key, once; then the old key can go", async () => {
    const ring = keyringOf({ ENCRYPTION_KEY: NEW, ENCRYPTION_KEYS_PREVIOUS: OLD });
    expect(await secretsStatus(db(), ring)).toMatchObject({ current: 0, older: 3, unreadable: [] });
    const progress: number[] = [];
    expect(await resealAll(db(), ring, (n) => progress.push(n))).toEqual({ resealed: 3, unreadable: [] });
    expect(progress).toEqual([1, 2, 3]);
    expect(await secretsStatus(db(), ring)).toEqual({ current: 3, older: 0, unreadable: [] });
    expect(await resealAll(db(), ring)).toEqual({ resealed: 0, unreadable: [] });
    // Retired: the new key alone opens everything.
    expect(await open(NEW, await boxOf(members[0]!), boxContext(members[0]!))).toBe("JBSWY3DPEHPK3PXP");
    expect(await open(NEW, await boxOf(members[1]!), boxContext(members[1]!))).toBe("KRSXG5DSNFXGOIDB");
    const [hook] = await db().select().from(webhook).where(eq(webhook.id, hookId));
    expect(keyIdOf(hook!.secretBox)).toBe(await currentKeyId(NEW));
    expect(await open(NEW, hook!.secretBox, secretContext(hookId))).toMatch(/^whsec_/);
    expect(await open(OLD, hook!.secretBox, secretContext(hookId))).toBeNull();
  });

  it("names the secrets no key of the ring opens, and leaves them as they are", async () => {
    const lost = await seal("a key nobody kept", "LOSTLOSTLOSTLOST", boxContext(members[2]!));
    await db().update(staff).set({ totpSecret: lost }).where(eq(staff.id, members[2]!));
    const ring = keyringOf({ ENCRYPTION_KEY: NEW });
    expect(await resealAll(db(), ring)).toEqual({ resealed: 0, unreadable: [`staff ${members[2]} (second factor)`] });
    expect(await boxOf(members[2]!)).toBe(lost);
    expect((await secretsStatus(db(), ring)).unreadable).toEqual([`staff ${members[2]} (second factor)`]);
  });
});
