// Delivering the outbox through the queue consumer: each notification is sent at most once, retried
// with backoff and buried by the dead-letter queue, held in quiet hours and released in the
// morning, and stopped by the caps before it costs money.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { CATEGORY_WORDS } from "../schema/case-words.ts";
import { notification } from "../schema/notification.ts";
import type { NotifyConfig } from "../worker/config.ts";
import worker from "../worker/index.ts";
import type { Channel } from "../worker/notify/channel.ts";
import { setAreaGroup } from "../worker/notify/groups.ts";
import { releaseNotifications } from "../worker/notify/sweep.ts";
import { consumeWebhookBatch } from "../worker/webhooks/consumer.ts";
import { retryDelaySeconds, type WebhookMessage } from "../worker/webhooks/messages.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { NOTIFY_CONFIG, recordingChannel } from "./helpers/notify.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signInCast } from "./helpers/staff.ts";
import { db } from "./helpers/worker.ts";

const HOUR = 3600_000;
const ROBOT = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=grid-jh0501";
/** A different day for each test, in the order they run: the caps count what earlier tests sent. */
let day = 0;
const daytime = () => new Date(Date.UTC(2027, 0, 4 + ++day, 2, 0)); // 10:00 in Shanghai

let cast: Awaited<ReturnType<typeof signInCast>>;
beforeAll(async () => {
  await seedDemo();
  cast = await signInCast();
  await setAreaGroup(db(), env.ENCRYPTION_KEY, { areaId: "jh0501", url: ROBOT }, { development: false, now: new Date() });
});

/** Hands the consumer one batch of `notify` messages, as the queue would; returns what it did with each. */
async function consume(
  ids: string[],
  channels: { sms: Channel; wecom: Channel },
  options: { now: Date; attempts?: number; queue?: string; config?: NotifyConfig },
) {
  const outcome: string[] = [];
  const messages = ids.map((id, i) => ({
    id: String(i),
    timestamp: options.now,
    body: { kind: "notify", id } as WebhookMessage,
    attempts: options.attempts ?? 1,
    ack: () => outcome.push("ack"),
    retry: (o?: { delaySeconds?: number }) => outcome.push(`retry after ${o?.delaySeconds}`),
  }));
  const batch = {
    queue: options.queue ?? "gridstation-webhooks",
    messages,
    ackAll() {},
    retryAll() {},
  } as unknown as MessageBatch<WebhookMessage>;
  const queue = { sendBatch: async () => {} } as unknown as Queue<WebhookMessage>;
  await consumeWebhookBatch(
    batch,
    db(),
    {
      encryptionKey: env.ENCRYPTION_KEY,
      allowPrivateDestinations: true,
      queue,
      retryBaseSeconds: 30,
      notify: { channels, config: options.config ?? NOTIFY_CONFIG, publicBaseUrl: "https://grid.example.cn", keys: env.ENCRYPTION_KEY },
    },
    options.now,
  );
  return outcome;
}

async function rowsOf(caseId: string) {
  return db().select().from(notification).where(eq(notification.caseId, caseId)).orderBy(asc(notification.id));
}

const statuses = (rows: { channel: string; status: string; attempts: number }[]) =>
  rows.map((r) => `${r.channel} ${r.status} ${r.attempts}`);

describe("the notification consumer", () => {
  it("sends each notification once: a redelivered or doubled message sends nothing more", async () => {
    const filed = await fileCase();
    const rows = await rowsOf(filed.id);
    const ids = rows.map((r) => r.id);
    const sms = recordingChannel("sms");
    const wecom = recordingChannel("wecom");
    const now = daytime();
    // The same message twice in one batch, as an at-least-once queue may deliver it.
    expect(await consume([...ids, ids[0]!], { sms: sms.channel, wecom: wecom.channel }, { now })).toEqual(["ack", "ack", "ack", "ack"]);
    expect(sms.given.map((m) => m.to).sort()).toEqual(
      rows
        .filter((r) => r.channel === "sms")
        .map((r) => r.recipient)
        .sort(),
    );
    expect(sms.given.map((m) => m.id).sort()).toEqual(rows.filter((r) => r.channel === "sms").map((r) => r.id));
    expect(sms.given[0]).toMatchObject({
      kind: "case_arrived",
      params: { code: filed.tracking_code, category: CATEGORY_WORDS.safety_hazard.zh, level: "网格" },
      text: expect.stringContaining(filed.tracking_code),
    });
    // The group robot gets its URL, opened from the sealed setting, and the members to mention.
    expect(wecom.given).toHaveLength(1);
    expect(wecom.given[0]!.to).toBe(ROBOT);
    expect(wecom.given[0]!.params.mention).toBeTruthy();
    const after = await rowsOf(filed.id);
    expect(after.map((r) => [r.status, r.attempts, r.answer, r.sentAt?.getTime()])).toEqual(
      after.map(() => ["sent", 1, "sent by the test channel", now.getTime()]),
    );

    const again = recordingChannel("sms");
    expect(await consume(ids, { sms: again.channel, wecom: again.channel }, { now: new Date(now.getTime() + 60_000) })).toEqual(
      ids.map(() => "ack"),
    );
    expect(again.given).toEqual([]);
    expect(statuses(await rowsOf(filed.id))).toEqual(statuses(after));
  });

  it("retries with backoff while the provider asks, then the dead-letter queue buries it", async () => {
    const filed = await fileCase();
    const ids = (await rowsOf(filed.id)).map((r) => r.id);
    const busy = recordingChannel("sms", ["retry"]);
    const broken = recordingChannel("wecom", ["throw"]);
    const now = daytime();
    expect(await consume(ids, { sms: busy.channel, wecom: broken.channel }, { now, attempts: 3 })).toEqual(
      ids.map(() => `retry after ${retryDelaySeconds(3, 30)}`),
    );
    let rows = await rowsOf(filed.id);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(ids.map(() => ["retrying", 1]));
    expect(rows.find((r) => r.channel === "wecom")!.answer).toContain("connection reset");
    expect(rows.find((r) => r.channel === "sms")!.answer).toBe("throttled");

    await consume(ids, { sms: busy.channel, wecom: broken.channel }, { now: new Date(now.getTime() + 120_000), attempts: 4 });
    expect((await rowsOf(filed.id)).map((r) => r.attempts)).toEqual(ids.map(() => 2));

    expect(await consume(ids, { sms: busy.channel, wecom: broken.channel }, { now, queue: "gridstation-webhooks-dead" })).toEqual(
      ids.map(() => "ack"),
    );
    rows = await rowsOf(filed.id);
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => "dead"));
    // A late copy of the message finds nothing to send.
    const late = recordingChannel("sms");
    await consume(ids, { sms: late.channel, wecom: late.channel }, { now: new Date(now.getTime() + HOUR) });
    expect(late.given).toEqual([]);
  });

  it("a notification the provider refuses is failed and never tried again", async () => {
    const filed = await fileCase();
    const ids = (await rowsOf(filed.id)).map((r) => r.id);
    const refusing = recordingChannel("sms", ["failed"]);
    const now = daytime();
    expect(await consume(ids, { sms: refusing.channel, wecom: refusing.channel }, { now })).toEqual(ids.map(() => "ack"));
    expect((await rowsOf(filed.id)).map((r) => [r.status, r.answer])).toEqual(ids.map(() => ["failed", "failed by the test channel"]));
    await consume(ids, { sms: refusing.channel, wecom: refusing.channel }, { now: new Date(now.getTime() + HOUR) });
    expect(refusing.given).toHaveLength(ids.length);
  });
});

describe("quiet hours", () => {
  const QUIET: NotifyConfig = { ...NOTIFY_CONFIG, quietHours: { start: 22 * 60, end: 7 * 60 } };

  it("hold everything but emergencies until 07:00 in Shanghai, when the cron releases them", async () => {
    const hazard = await fileCase();
    const emergency = await fileCase({ ...REPORT, category: "emergency", description: "楼道内有燃气泄漏的味道" });
    const night = new Date(Date.UTC(2027, 1, 1, 15, 30)); // 23:30 in Shanghai
    const morning = new Date(Date.UTC(2027, 1, 1, 23, 0)); // 07:00 the next day
    const held = (await rowsOf(hazard.id)).map((r) => r.id);
    const urgent = (await rowsOf(emergency.id)).map((r) => r.id);
    const sms = recordingChannel("sms");
    await consume([...held, ...urgent], { sms: sms.channel, wecom: sms.channel }, { now: night, config: QUIET });
    expect(sms.given.map((m) => m.id).sort()).toEqual([...urgent].sort());
    expect((await rowsOf(hazard.id)).map((r) => [r.status, r.notBefore?.toISOString(), r.attempts])).toEqual(
      held.map(() => ["held", morning.toISOString(), 0]),
    );
    expect((await rowsOf(hazard.id)).map((r) => r.answer)).toEqual(held.map(() => "quiet_hours"));
    // A copy of the message in the night sends nothing either.
    await consume(held, { sms: sms.channel, wecom: sms.channel }, { now: new Date(night.getTime() + HOUR), config: QUIET });
    expect(sms.given).toHaveLength(urgent.length);

    expect(await releaseNotifications(db(), new Date(morning.getTime() - 60_000))).not.toEqual(expect.arrayContaining([held[0]]));
    // The Cron Trigger releases them in the morning.
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: morning.getTime(), cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const heldRows = async () => (await rowsOf(hazard.id)).filter((r) => held.includes(r.id));
    expect((await heldRows()).map((r) => [r.status, r.notBefore])).toEqual(held.map(() => ["queued", null]));
    await consume(held, { sms: sms.channel, wecom: sms.channel }, { now: morning, config: QUIET });
    expect((await heldRows()).map((r) => r.status)).toEqual(held.map(() => "sent"));
  });

  it("a queued notification that lost its queue message is queued again by the cron", async () => {
    const filed = await fileCase();
    const rows = await rowsOf(filed.id);
    const created = rows[0]!.createdAt.getTime();
    expect(await releaseNotifications(db(), new Date(created + 60_000))).toEqual([]);
    const again = await releaseNotifications(db(), new Date(created + 11 * 60_000));
    expect(again).toEqual(expect.arrayContaining(rows.map((r) => r.id)));
  });
});

describe("caps", () => {
  it("no more than NOTIFY_SMS_PER_HOUR to one number: the rest fail with the reason, never sent", async () => {
    const config = { ...NOTIFY_CONFIG, smsPerHour: 2 };
    const now = daytime();
    const sms = recordingChannel("sms");
    const wecom = recordingChannel("wecom");
    const cases = [await fileCase(), await fileCase(), await fileCase()];
    for (const [i, c] of cases.entries()) {
      await consume(
        (await rowsOf(c.id)).map((r) => r.id),
        { sms: sms.channel, wecom: wecom.channel },
        { now: new Date(now.getTime() + i * 60_000), config },
      );
    }
    const third = await rowsOf(cases[2]!.id);
    expect(third.filter((r) => r.channel === "sms").map((r) => [r.status, r.attempts, r.answer])).toEqual([
      ["failed", 0, "over_hourly_cap"],
      ["failed", 0, "over_hourly_cap"],
    ]);
    // Groups are not SMS: the third post went out.
    expect(wecom.given).toHaveLength(3);
    expect(sms.given).toHaveLength(4);
    // An hour after the first, the number may be texted again.
    const later = await fileCase();
    await consume(
      (await rowsOf(later.id)).map((r) => r.id),
      { sms: sms.channel, wecom: wecom.channel },
      { now: new Date(now.getTime() + HOUR + 30_000), config },
    );
    expect((await rowsOf(later.id)).filter((r) => r.channel === "sms").map((r) => r.status)).toEqual(["sent", "sent"]);
  });

  it("the district's daily budget: over it, nothing more is sent that day", async () => {
    const now = daytime();
    const sms = recordingChannel("sms");
    const first = await fileCase();
    await consume(
      (await rowsOf(first.id)).map((r) => r.id),
      { sms: sms.channel, wecom: sms.channel },
      { now, config: NOTIFY_CONFIG },
    );
    const config = { ...NOTIFY_CONFIG, smsDailyBudget: 3 };
    const second = await fileCase();
    // One at a time: the messages of one batch are sent side by side, and may pass the budget by a batch at most.
    for (const row of await rowsOf(second.id)) {
      await consume([row.id], { sms: sms.channel, wecom: sms.channel }, { now: new Date(now.getTime() + 60_000), config });
    }
    // Two were sent today; the budget of three lets one more through.
    expect(
      (await rowsOf(second.id))
        .filter((r) => r.channel === "sms")
        .map((r) => r.status)
        .sort(),
    ).toEqual(["failed", "sent"]);
    expect((await rowsOf(second.id)).find((r) => r.status === "failed")!.answer).toBe("over_daily_budget");
  });
});

describe("the resident's SMS", () => {
  it("carries the tracking link and how to give feedback, nothing personal; not sent once the number is erased", async () => {
    const asked = await fileCase();
    const erased = await fileCase();
    await db().update(caseTable).set({ notifyResident: true }).where(eq(caseTable.id, asked.id));
    await db().update(caseTable).set({ notifyResident: true }).where(eq(caseTable.id, erased.id));
    for (const c of [asked, erased]) {
      await actOk(c.id, "accept", cast.grid);
      await actOk(c.id, "resolve", cast.grid, { resolution: "已清理楼道" });
    }
    await db().update(caseTable).set({ reporterPhone: null, notifyResident: false }).where(eq(caseTable.id, erased.id));
    const sms = recordingChannel("sms");
    const toResident = async (id: string) => (await rowsOf(id)).filter((r) => r.recipientKind === "resident");
    await consume(
      [...(await toResident(asked.id)), ...(await toResident(erased.id))].map((r) => r.id),
      { sms: sms.channel, wecom: sms.channel },
      { now: daytime() },
    );
    expect(sms.given).toHaveLength(1);
    const message = sms.given[0]!;
    expect(message.to).toBe(REPORT.reporter.phone);
    expect(message.params.link).toBe(`https://grid.example.cn/t/${asked.tracking_code}`);
    expect(message.text).toContain(`https://grid.example.cn/t/${asked.tracking_code}`);
    expect(message.text).toContain("满意");
    for (const personal of [REPORT.reporter.name, REPORT.reporter.phone, REPORT.description]) {
      expect(JSON.stringify(message.params) + message.text).not.toContain(personal);
    }
    expect((await toResident(erased.id)).map((r) => [r.status, r.answer])).toEqual([["failed", "no_resident_number"]]);
  });
});
