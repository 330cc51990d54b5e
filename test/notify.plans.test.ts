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
    const urged = await commitTransition(rdb, row, "urge", { kind: "system" }, ACTIONS.urge!.apply(row, {}, { now: late, refs: {} }), late);
    // An extension asked and decided: the level above, then the asker found among the case's events.
    const asker = { kind: "staff" as const, id: 1, name: "测试", role: "grid_worker" as const, areaPath: row.areaPath, departmentId: null };
    const ask = ACTIONS.extend!.apply(
      urged,
      { due_at: new Date(late.getTime() + 86_400_000).toISOString(), reason: "等待配合" },
      { now: late, refs: {} },
    );
    const asked = await commitTransition(rdb, urged, "extend", asker, ask, late);
    await commitTransition(
      rdb,
      asked,
      "extend",
      { kind: "system" },
      ACTIONS.extend!.apply(asked, { approve: true }, { now: late, refs: {} }),
      late,
    );
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
    // The outbox's inserts ran in the batches: the urge's (holders, the group, the level above), the
    // extension's (the level above: the same statement as the urge's) and its decision's (the asker).
    expect(statements.filter((r) => r.sql.startsWith("INSERT OR IGNORE INTO notification")).length).toBe(4);
    const scans: string[] = [];
    for (const { sql, params } of statements) {
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      for (const { detail } of plan.results) {
        if (/^SCAN (notification|staff|s|case_event|case|c|e)\b/.test(detail) && !/USING (COVERING )?INDEX/.test(detail))
          scans.push(`${detail} ← ${sql.slice(0, 200)}`);
      }
    }
    expect(scans).toEqual([]);
    expect((await notificationsOfCase(rdb, filed.id)).filter((n) => n.kind === "extension_decided").map((n) => n.recipientRef)).toEqual([
      "1",
    ]);
  });
});

function unique(records: Recorded[]) {
  const seen = new Map<string, Recorded>();
  for (const r of records) if (!seen.has(r.sql)) seen.set(r.sql, r);
  return [...seen.values()];
}
