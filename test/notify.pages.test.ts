// What people see of notifications: the admins' delivery log and group robots, the staff trail's
// "已短信通知 …" lines (never on the resident's trail), and each member's own choices.
import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "../schema/audit.ts";
import { areaNotifyGroup, notification } from "../schema/notification.ts";
import { staff } from "../schema/staff.ts";
import { deliverNotification } from "../worker/notify/deliver.ts";
import { fileCase } from "./helpers/cases.ts";
import { NOTIFY_CONFIG, recordingChannel } from "./helpers/notify.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { csrfOf, postForm } from "./helpers/staff-pages.ts";
import { call, db } from "./helpers/worker.ts";

let admin: Record<string, string>;
let grid: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  admin = (await signIn("admin")).headers;
  grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
});

const page = async (path: string, headers: Record<string, string>) => {
  const res = await call(path, { headers });
  return { status: res.status, html: await res.text() };
};

/** Sends a case's notifications with channels that answer in turn. */
async function deliver(caseId: string, answers: ("sent" | "failed")[]) {
  const rows = await db().select().from(notification).where(eq(notification.caseId, caseId)).orderBy(asc(notification.id));
  const sms = recordingChannel("sms", answers);
  for (const row of rows) {
    await deliverNotification(db(), row.id, {
      channels: { sms: sms.channel, wecom: sms.channel },
      config: NOTIFY_CONFIG,
      publicBaseUrl: null,
      keys: env.ENCRYPTION_KEY,
    });
  }
  return rows.filter((row) => row.channel === "sms");
}

describe("group robots (admins)", () => {
  it("an admin sets an area's robot: stored sealed, listed by area, audited; an empty URL removes it", async () => {
    const csrf = await csrfOf("/staff/admin/notifications", admin);
    const url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-robot-key";
    const saved = await postForm("/staff/admin/notifications/groups", { csrf, area: "jh0501", url }, admin);
    expect(saved.status).toBe(200);
    const html = await saved.text();
    expect(html).toMatch(/<p class="ok">已保存“[^”]+”的工作群机器人。<\/p>/);
    expect(html).not.toContain("secret-robot-key");
    const [row] = await db().select().from(areaNotifyGroup).where(eq(areaNotifyGroup.areaId, "jh0501"));
    expect(row!.urlBox).not.toContain("secret-robot-key");
    expect((await db().select().from(auditEvent).where(eq(auditEvent.action, "notify_group.set"))).map((e) => e.entityId)).toEqual([
      "jh0501",
    ]);

    const removed = await postForm("/staff/admin/notifications/groups", { csrf, area: "jh0501", url: "" }, admin);
    expect(await removed.text()).toContain("的工作群机器人。");
    expect(await db().select().from(areaNotifyGroup).where(eq(areaNotifyGroup.areaId, "jh0501"))).toEqual([]);
  });

  it("refuses a URL that is not https, and an unknown area, naming the problem", async () => {
    const csrf = await csrfOf("/staff/admin/notifications", admin);
    for (const url of ["ftp://robot.example.cn/send", "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1"]) {
      const refused = await postForm("/staff/admin/notifications/groups", { csrf, area: "jh0501", url }, admin);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/<p class="alert">[^<]+<\/p>/);
    }
    const nowhere = await postForm(
      "/staff/admin/notifications/groups",
      { csrf, area: "nowhere", url: "https://qyapi.weixin.qq.com/x" },
      admin,
    );
    expect(nowhere.status).toBe(400);
    expect(await db().select().from(areaNotifyGroup)).toEqual([]);
  });
});

describe("the delivery log (admins)", () => {
  it("lists notifications newest first with the provider's answer, filters by status and channel, pages, and counts per day", async () => {
    const first = await fileCase();
    await deliver(first.id, ["sent"]);
    const second = await fileCase();
    const rows = await deliver(second.id, ["failed"]);
    const { status, html } = await page("/staff/admin/notifications", admin);
    expect(status).toBe(200);
    const cases = [...html.matchAll(/href="\/staff\/cases\/([0-9A-Z]+)"/g)].map((m) => m[1]);
    expect(cases.indexOf(second.id)).toBeLessThan(cases.indexOf(first.id));
    expect(html).toContain("failed by the test channel");
    expect(html).toContain(`${rows[0]!.recipient!.slice(0, 3)}****${rows[0]!.recipient!.slice(-4)}`);
    expect(html).not.toContain(rows[0]!.recipient!);

    const failed = await page("/staff/admin/notifications?status=failed&channel=sms", admin);
    expect(failed.html.match(/<tr data-status="([a-z]+)"/g)!.every((m) => m.includes('"failed"'))).toBe(true);
    expect(failed.html).toContain(second.id);
    expect(failed.html).not.toContain(first.id);

    // Counts of today's SMS, as the Shanghai day.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    expect(html).toMatch(new RegExp(`<tr><td>${today}</td><td>短信</td><td>2</td><td>2</td></tr>`));
  });

  it("pages by 50, newest first, without repeating a row", async () => {
    const now = Date.now();
    const rows = Array.from({ length: 60 }, (_, i) => ({
      id: `ntf-page-${String(i).padStart(2, "0")}`,
      kind: "case_urged" as const,
      channel: "wecom" as const,
      recipientKind: "group" as const,
      recipientRef: "jh0502",
      recipientName: "测试网格",
      caseId: "01PAGE",
      areaPath: "/xhl/jh/jh05/jh0502/",
      params: {},
      status: "dead" as const,
      createdAt: new Date(now - i * 1000),
      updatedAt: new Date(now),
    }));
    // D1 binds at most 100 values per statement.
    for (let i = 0; i < rows.length; i += 4)
      await db()
        .insert(notification)
        .values(rows.slice(i, i + 4));
    const first = await page("/staff/admin/notifications?status=dead", admin);
    const ids = (html: string) => [...html.matchAll(/<tr data-status="dead">/g)].length;
    expect(ids(first.html)).toBe(50);
    const next = /href="([^"]+)" rel="next"/.exec(first.html)![1]!.replaceAll("&amp;", "&");
    const second = await page(next, admin);
    expect(ids(second.html)).toBe(10);
    expect(second.html).not.toContain('rel="next"');
  });

  it("says the outbox's own reasons in the reader's language, and the provider's answer as it said it", async () => {
    const now = new Date();
    const row = (id: string, answer: string) => ({
      id,
      kind: "case_urged" as const,
      channel: "sms" as const,
      recipientKind: "staff" as const,
      recipientRef: "1",
      recipient: "13800009999",
      recipientRole: "grid_worker" as const,
      recipientName: "测试",
      caseId: "01REASON",
      areaPath: "/xhl/jh/jh05/jh0501/",
      params: {},
      status: "failed" as const,
      answer,
      createdAt: now,
      updatedAt: now,
    });
    await db().insert(notification).values(row("ntf-reason-1", "over_hourly_cap"));
    await db().insert(notification).values(row("ntf-reason-2", "isv.MOBILE_NUMBER_ILLEGAL"));
    const zh = await page("/staff/admin/notifications?status=failed", admin);
    expect(zh.html).toContain("未发送：已达该号码每小时短信上限（NOTIFY_SMS_PER_HOUR）");
    expect(zh.html).not.toContain("over_hourly_cap");
    expect(zh.html).toContain("isv.MOBILE_NUMBER_ILLEGAL");
    const en = await page("/staff/admin/notifications?status=failed&lang=en", admin);
    expect(en.html).toContain("SMS for the hour are used up (NOTIFY_SMS_PER_HOUR)");
  });

  it("is for admins only", async () => {
    const { status, html } = await page("/staff/admin/notifications", grid);
    expect(status).toBe(403);
    expect(html).not.toContain("ntf-");
    const csrf = await csrfOf("/staff", grid);
    const res = await postForm("/staff/admin/notifications/groups", { csrf, area: "jh0501", url: "https://qyapi.weixin.qq.com/x" }, grid);
    expect(res.status).toBe(403);
  });
});

describe("the staff trail", () => {
  it("says who was told of each event and how it went; the resident's trail says nothing of it", async () => {
    const filed = await fileCase();
    const rows = await deliver(filed.id, ["sent", "failed"]);
    const { html } = await page(`/staff/cases/${filed.id}`, grid);
    const members = await db().select().from(staff).where(eq(staff.areaId, "jh0501"));
    const sent = members.find((m) => m.phone === rows[0]!.recipient)!;
    const failed = members.find((m) => m.phone === rows[1]!.recipient)!;
    expect(html).toContain(`已短信通知 ${sent.role === "grid_chief" ? "网格长" : "专职网格员"} ${sent.name}`);
    expect(html).toContain(
      `短信通知 ${failed.role === "grid_chief" ? "网格长" : "专职网格员"} ${failed.name} 未成功<small>（failed by the test channel）</small>`,
    );
    const en = await page(`/staff/cases/${filed.id}?lang=en`, grid);
    expect(en.html).toContain(`Texted ${sent.role === "grid_chief" ? "Grid chief" : "Grid worker"} ${sent.name}`);

    const resident = await (await call(`/t/${filed.tracking_code}`)).text();
    expect(resident).not.toContain("通知");
    expect(resident).not.toContain(sent.name);
  });

  it("another grid's worker sees neither the case nor its notifications", async () => {
    const filed = await fileCase();
    await deliver(filed.id, ["sent"]);
    const other = (await signIn("grid_worker", { area: "jh0502" })).headers;
    const { status, html } = await page(`/staff/cases/${filed.id}`, other);
    expect(status).toBe(404);
    expect(html).not.toContain("已短信通知");
  });
});

describe("each member's own choices", () => {
  it("turns SMS and group mentions off and on, on the member's own row", async () => {
    const member = await signIn("grid_chief", { area: "jh0502" });
    const before = await page("/staff/security", member.headers);
    expect(before.html).toMatch(/<input type="checkbox" name="sms" value="1" checked=""\/?>\s*<span>短信通知我/);
    const csrf = await csrfOf("/staff/security", member.headers);
    const res = await postForm("/staff/security/notifications", { csrf, group: "1" }, member.headers);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("通知设置已保存。");
    expect(html).toMatch(/<input type="checkbox" name="sms" value="1"\/?>\s*<span>短信通知我/);
    const row = (await db().query.staff.findFirst({ where: eq(staff.id, member.staff.id) }))!;
    expect([row.notifySms, row.notifyGroup]).toEqual([false, true]);
    // Nobody else changed.
    const others = await db().select().from(staff).where(eq(staff.notifySms, false));
    expect(others.map((o) => o.id)).toEqual([member.staff.id]);
    // Without the form's token, nothing changes.
    const forged = await postForm("/staff/security/notifications", { sms: "1", group: "1" }, member.headers);
    expect(forged.status).toBe(403);
    expect((await db().query.staff.findFirst({ where: eq(staff.id, member.staff.id) }))!.notifySms).toBe(false);
  });
});
