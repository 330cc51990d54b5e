// Every statement notifications add is an index search: the outbox's recipients (staff by area
// path or department), the caps' counts, the cron's sweep, the delivery log and the trail.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../worker/db.ts";
import { deliverNotification } from "../worker/notify/deliver.ts";
import { dailyCounts, listNotifications, notificationsOfCase } from "../worker/notify/delivery-log.ts";
import { setAreaGroup } from "../worker/notify/groups.ts";
import { releaseNotifications } from "../worker/notify/sweep.ts";
import { ACTIONS } from "../worker/workflow/actions.ts";
import { commitTransition } from "../worker/workflow/store.ts";
import { fileCase } from "./helpers/cases.ts";
import { NOTIFY_CONFIG, recordingChannel } from "./helpers/notify.ts";
import { type Recorded, recordingD1 } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { db } from "./helpers/worker.ts";

beforeAll(async () => {
  await seedDemo();
  await setAreaGroup(
    db(),
    env.ENCRYPTION_KEY,
    { areaId: "jh0501", url: "https://qyapi.weixin.qq.com/x?key=1" },
    { development: false, now: new Date() },
  );
});

describe("notification query plans", () => {
  it("search notification and staff by index, never scan them", async () => {
    const filed = await fileCase();
    const { db: recorded, log } = recordingD1();
    const rdb = createDatabase(recorded);
    const row = (await rdb.query.caseTable.findFirst({ where: (c, { eq }) => eq(c.id, filed.id) }))!;
    const late = new Date(row.dueAt.getTime() + 60_000);
    // An overdue urge: the holders, the group with its mentions, and the level above.
    await commitTransition(rdb, row, "urge", { kind: "system" }, ACTIONS.urge!.apply(row, {}, { now: late, refs: {} }), late);
    const [first] = await notificationsOfCase(rdb, filed.id);
    const sms = recordingChannel("sms").channel;
    await deliverNotification(
      rdb,
      first!.id,
      { channels: { sms, wecom: sms }, config: NOTIFY_CONFIG, publicBaseUrl: null, keys: env.ENCRYPTION_KEY },
      late,
    );
    await releaseNotifications(rdb, late);
    await listNotifications(rdb, { status: "sent" });
    await listNotifications(rdb, { channel: "sms" });
    const page = await listNotifications(rdb, {});
    await listNotifications(rdb, { cursor: page.next_cursor ?? undefined });
    await dailyCounts(rdb, late);

    const statements = unique(log.statements.filter((r) => /\b(notification|staff)\b/.test(r.sql)));
    expect(statements.length).toBeGreaterThan(8);
    // The outbox's inserts ran in the urge's batch: for staff (twice: holders, the level above) and the group.
    expect(statements.filter((r) => r.sql.startsWith("INSERT OR IGNORE INTO notification")).length).toBe(3);
    const scans: string[] = [];
    for (const { sql, params } of statements) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      for (const { detail } of plan.results) {
        if (/^SCAN (notification|staff|s)\b/.test(detail) && !/USING (COVERING )?INDEX/.test(detail))
          scans.push(`${detail} ← ${sql.slice(0, 200)}`);
      }
    }
    expect(scans).toEqual([]);
  });
});

function unique(records: Recorded[]) {
  const seen = new Map<string, Recorded>();
  for (const r of records) if (!seen.has(r.sql)) seen.set(r.sql, r);
  return [...seen.values()];
}
