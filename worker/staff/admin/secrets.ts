import { and, eq, isNotNull } from "drizzle-orm";
import { areaNotifyGroup } from "../../../schema/notification.ts";
import { staff } from "../../../schema/staff.ts";
import { webhook } from "../../../schema/webhook.ts";
import { boxContext, pendingBoxContext } from "../../auth/second-factor.ts";
import type { Database } from "../../db.ts";
import { currentKeyId, type Keyring, keyIdOf, open, seal } from "../../lib/secret-box.ts";
import { groupContext } from "../../notify/groups.ts";
import { secretContext } from "../../webhooks/subscriptions.ts";

/** A sealed secret in the database: where it is, what binds it, and the write that replaces it. */
interface SealedSecret {
  name: string;
  box: string;
  context: string;
  replace: (db: Database, box: string) => Promise<number>;
}

async function sealedSecrets(db: Database): Promise<SealedSecret[]> {
  const [members, pending, hooks, groups] = await db.batch([
    db.select({ id: staff.id, box: staff.totpSecret }).from(staff).where(isNotNull(staff.totpSecret)),
    db.select({ id: staff.id, box: staff.totpPendingSecret }).from(staff).where(isNotNull(staff.totpPendingSecret)),
    db.select({ id: webhook.id, box: webhook.secretBox }).from(webhook),
    db.select({ id: areaNotifyGroup.areaId, box: areaNotifyGroup.urlBox }).from(areaNotifyGroup),
  ]);
  // Each write names the box it replaces: a secret changed meanwhile (re-enrolled) is left alone.
  return [
    ...members.map((m) => ({
      name: `staff ${m.id} (second factor)`,
      box: m.box!,
      context: boxContext(m.id),
      replace: async (d: Database, box: string) =>
        (
          await d
            .update(staff)
            .set({ totpSecret: box })
            .where(and(eq(staff.id, m.id), eq(staff.totpSecret, m.box!)))
            .returning({ id: staff.id })
        ).length,
    })),
    ...pending.map((m) => ({
      name: `staff ${m.id} (second factor being set up)`,
      box: m.box!,
      context: pendingBoxContext(m.id),
      replace: async (d: Database, box: string) =>
        (
          await d
            .update(staff)
            .set({ totpPendingSecret: box })
            .where(and(eq(staff.id, m.id), eq(staff.totpPendingSecret, m.box!)))
            .returning({ id: staff.id })
        ).length,
    })),
    ...hooks.map((h) => ({
      name: `webhook ${h.id}`,
      box: h.box,
      context: secretContext(h.id),
      replace: async (d: Database, box: string) =>
        (
          await d
            .update(webhook)
            .set({ secretBox: box })
            .where(and(eq(webhook.id, h.id), eq(webhook.secretBox, h.box)))
            .returning({ id: webhook.id })
        ).length,
    })),
    ...groups.map((g) => ({
      name: `area ${g.id} (group robot)`,
      box: g.box,
      context: groupContext(g.id),
      replace: async (d: Database, box: string) =>
        (
          await d
            .update(areaNotifyGroup)
            .set({ urlBox: box })
            .where(and(eq(areaNotifyGroup.areaId, g.id), eq(areaNotifyGroup.urlBox, g.box)))
            .returning({ id: areaNotifyGroup.areaId })
        ).length,
    })),
  ];
}

export interface SecretsReport {
  /** Sealed with the current key. */
  current: number;
  /** Sealed with another key of the ring (or before key ids): moved by `resealAll`. */
  older: number;
  /** Opened by no key of the ring: their key is lost; they must be set up again. */
  unreadable: string[];
}

/** Where the sealed secrets stand: once `older` is 0, previous keys can be retired. */
export async function secretsStatus(db: Database, keys: Keyring): Promise<SecretsReport> {
  const current = await currentKeyId(keys);
  const report: SecretsReport = { current: 0, older: 0, unreadable: [] };
  for (const secret of await sealedSecrets(db)) {
    if (keyIdOf(secret.box) === current) report.current++;
    else if ((await open(keys, secret.box, secret.context)) !== null) report.older++;
    else report.unreadable.push(secret.name);
  }
  return report;
}

/**
 * Seals every secret not yet under the current key with it. Idempotent: a second run finds
 * nothing to do. Returns what it moved and what no key of the ring could open.
 */
export async function resealAll(db: Database, keys: Keyring, progress: (done: number) => void = () => {}) {
  const current = await currentKeyId(keys);
  let resealed = 0;
  const unreadable: string[] = [];
  for (const secret of await sealedSecrets(db)) {
    if (keyIdOf(secret.box) === current) continue;
    const plain = await open(keys, secret.box, secret.context);
    if (plain === null) {
      unreadable.push(secret.name);
      continue;
    }
    resealed += await secret.replace(db, await seal(keys, plain, secret.context));
    progress(resealed);
  }
  return { resealed, unreadable };
}
