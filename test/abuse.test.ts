import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { issueFormToken } from "../worker/resident/form-token.ts";
import { runScheduler } from "../worker/scheduler.ts";
import { actOk, fileCase } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { formToken, postReport } from "./helpers/forms.ts";
import { demoDirectory, seedDemo } from "./helpers/seed.ts";
import { signIn } from "./helpers/staff.ts";
import { call, db, keyHeaders } from "./helpers/worker.ts";

beforeAll(seedDemo);

describe("abuse limits", () => {
  it("limits reports per client, station and form, with a friendly 429", async () => {
    const token = await formToken();
    const ip = { "cf-connecting-ip": "203.0.113.7" };
    // The limiter counts in minute windows: keep going until it says no (a window may turn over
    // once on the way), and check at least the limit went through before.
    let accepted = 0;
    let limited: Response | undefined;
    for (let i = 0; i < 21 && !limited; i++) {
      const description = i === 0 ? "再来一次：楼上漏水" : `连续提交第${i}次：楼上漏水`;
      const res = await postReport("JH0501V", { token, category: "dispute", description: `${description}（${i}）` }, ip);
      if (res.status === 303) accepted++;
      else limited = res;
    }
    expect(accepted).toBeGreaterThanOrEqual(10);
    expect(limited!.status).toBe(429);
    expect(limited!.headers.get("retry-after")).toBe("60");
    const html = await limited!.text();
    expect(html).toContain("提交过于频繁");
    expect(html).toContain("楼上漏水");
    // The same token written another way (a leading zero names the same window) is no way round.
    const filed = (await db().select().from(caseTable)).length;
    const respelled = await postReport(
      "JH0501V",
      { token: `0${token}`, category: "dispute", description: "换个写法再交一次：楼上漏水" },
      ip,
    );
    expect(respelled.status).toBe(400);
    expect((await db().select().from(caseTable)).length).toBe(filed);
    // The limit is the client's: another address on the same station and form files.
    const elsewhere = await postReport(
      "JH0501V",
      { token, category: "dispute", description: "另一位居民：楼上漏水" },
      { "cf-connecting-ip": "203.0.113.8" },
    );
    expect(elsewhere.status).toBe(303);
    // Another resident behind the same carrier address, on a fresh page, is not blocked.
    const neighbour = await postReport(
      "JH0502V",
      { token: await formToken("JH0502V"), category: "dispute", description: "隔壁楼的问题，和上面无关" },
      ip,
    );
    expect(neighbour.status).toBe(303);
  });

  it("refuses a token in any spelling but the one this site writes", async () => {
    const token = await formToken();
    const before = (await db().select().from(caseTable)).length;
    const res = await postReport(
      "JH0501V",
      { token: `00${token}`, category: "dispute", description: "前导零的令牌" },
      { "cf-connecting-ip": "203.0.113.9" },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("前导零的令牌");
    expect((await db().select().from(caseTable)).length).toBe(before);
  });

  it("caps one address at a few hundred reports a minute across all stations", async () => {
    // Forms of every station loaded in the last hour: 9 stations × 6 windows, each good for ten
    // reports from one address, so only the address's own ceiling can stop this client.
    const forms: { code: string; token: string }[] = [];
    for (const { code } of demoDirectory().stations) {
      for (let w = 0; w < 6; w++)
        forms.push({ code, token: await issueFormToken(env.FORM_SECRET, code, new Date(Date.now() - w * 600_000)) });
    }
    const ip = { "cf-connecting-ip": "198.51.100.23" };
    let accepted = 0;
    let limited: Response | undefined;
    // A minute window may turn over once on the way.
    for (let i = 0; i < 700 && !limited; i++) {
      const { code, token } = forms[i % forms.length]!;
      const res = await postReport(code, { token, category: "social_opinion", description: `第${i}条意见` }, ip);
      if (res.status === 303) accepted++;
      else limited = res;
    }
    expect(limited?.status, await limited?.clone().text()).toBe(429);
    expect(accepted).toBeGreaterThanOrEqual(300);
    expect(accepted).toBeLessThanOrEqual(600);
    expect(limited!.status).toBe(429);
    expect(await limited!.text()).toContain("提交过于频繁");
    // Another address is not held by it.
    const other = await postReport(
      forms[0]!.code,
      { token: forms[0]!.token, category: "social_opinion", description: "别的地址来的意见" },
      { "cf-connecting-ip": "198.51.100.24" },
    );
    expect(other.status).toBe(303);
  }, 120_000);

  it("files nothing for a bot that fills the hidden field", async () => {
    const before = (await db().select().from(caseTable)).length;
    const res = await postReport("JH0501V", {
      token: await formToken(),
      category: "dispute",
      description: "买药加微信 spam spam",
      website: "http://spam.example",
    });
    expect(res.status).toBe(400);
    expect((await db().select().from(caseTable)).length).toBe(before);
  });

  it("limits API calls per key with the error envelope and Retry-After", async () => {
    const key = await keyHeaders("directory:read");
    let accepted = 0;
    let last: Response | undefined;
    for (let i = 0; i < 1201; i++) {
      last = await call("/api/v1/departments", { headers: key });
      if (last.status !== 200) break;
      accepted++;
    }
    expect(accepted).toBeGreaterThanOrEqual(600);
    const error = await expectError(last!, 429, "rate_limited");
    expect(error.message).toContain("Too many requests");
    expect(last!.headers.get("retry-after")).toBe("60");
    // Another key is not affected.
    expect((await call("/api/v1/departments", { headers: await keyHeaders("directory:read") })).status).toBe(200);
  }, 60_000);
});

describe("personal data retention", () => {
  it("erases the reporter's name and number a year after closing, keeping the case", async () => {
    const grid = (await signIn("grid_worker", { area: "jh0501" })).headers;
    const filed = await fileCase();
    await actOk(filed.id, "reject", grid, { reason: "重复" });
    const closedAt = (await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) }))!.closedAt!;
    await runScheduler(db(), new Date(closedAt.getTime() + 364 * 24 * 3600_000), { retentionDays: 365, photos: env.PHOTOS });
    expect(await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) })).toMatchObject({
      reporterName: "王女士",
      reporterPhone: "13812345678",
    });
    const result = await runScheduler(db(), new Date(closedAt.getTime() + 366 * 24 * 3600_000), { retentionDays: 365, photos: env.PHOTOS });
    expect(result.purged).toBeGreaterThanOrEqual(1);
    expect(await db().query.caseTable.findFirst({ where: eq(caseTable.id, filed.id) })).toMatchObject({
      reporterName: null,
      reporterPhone: null,
      status: "rejected",
      description: filed.description,
    });
  });
});
