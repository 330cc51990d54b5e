import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { caseTable } from "../schema/case.ts";
import { openReportsAt, publicExcerpt } from "../worker/cases/duplicates.ts";
import { formToken, postReport as sendReport } from "./helpers/forms.ts";
import { phonePhoto } from "./helpers/photos.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call, db } from "./helpers/worker.ts";

beforeAll(seedDemo);

let address = 0;
/** The form as a resident sends it the first time: not yet past any open report (`confirm_new` empty). */
const postReport = async (station: string, fields: Record<string, string | File>) =>
  sendReport(
    station,
    { token: await formToken(station), confirm_new: "", ...fields },
    { "cf-connecting-ip": `192.0.2.${++address % 250}` },
  );
const caseByLocation = async (res: Response) =>
  (await db().query.caseTable.findFirst({ where: eq(caseTable.trackingCode, res.headers.get("location")!.slice(3, 13)) }))!;
const followButtons = (html: string) => [...html.matchAll(/name="follow" value="([0-9A-Z]{26})"/g)].map((m) => m[1]!);

describe("before filing: the same problem reported here already", () => {
  it("offers the open reports of the same station and category, keeping everything typed and the photo", async () => {
    const first = await postReport("JH0502V", { category: "safety_hazard", description: "3号楼一单元楼道灯坏了，晚上漆黑一片" });
    expect(first.status).toBe(303);
    const original = await caseByLocation(first);

    const photo = new File([await phonePhoto(800, 600)], "IMG_0100.jpg", { type: "image/jpeg" });
    const again = await postReport("JH0502V", {
      category: "safety_hazard",
      description: "一单元楼道灯不亮，老人摔倒了",
      name: "刘奶奶",
      photo,
    });
    expect(again.status).toBe(200);
    expect(again.headers.get("cache-control")).toBe("no-store");
    const html = await again.text();
    expect(html).toContain("这个问题已有人反映");
    expect(html).toContain("3号楼一单元楼道灯坏了，晚上漆黑一片");
    expect(followButtons(html)).toEqual([original.id]);
    expect(html).toContain('<input type="hidden" name="confirm_new" value="1"/>');
    expect(html).toContain("不是同一件事，仍然提交");
    expect(html).toContain("一单元楼道灯不亮，老人摔倒了");
    expect(html).toContain('value="刘奶奶"');
    expect(html).toContain("已附照片");
    // Nothing was filed yet.
    expect(await db().select().from(caseTable).where(eq(caseTable.description, "一单元楼道灯不亮，老人摔倒了"))).toHaveLength(0);
  });

  it("joins the resident's report to the one they chose: their own code, handled together, counted", async () => {
    const first = await postReport("JH0503V", { category: "safety_hazard", description: "小区广场的健身器材螺丝松了，晃得厉害" });
    const original = await caseByLocation(first);
    const joined = await postReport("JH0503V", {
      category: "safety_hazard",
      description: "健身器材松动，孩子在上面玩很危险",
      phone: "13900001111",
      follow: original.id,
    });
    expect(joined.status).toBe(303);
    const mine = await caseByLocation(joined);
    expect(mine).toMatchObject({ status: "merged", mergedInto: original.id, reporterPhone: "13900001111" });
    expect(joined.headers.get("set-cookie")).toContain(`my_cases=${mine.trackingCode}`);

    const page = await (await call(`/t/${mine.trackingCode}`)).text();
    expect(page).toContain("您的反映已与同一问题合并办理");
    expect(page).not.toContain(original.trackingCode);
    const api = (await (await call(`/api/v1/track/${mine.trackingCode}`)).json()) as { joined_to: { status: string } | null };
    expect(api.joined_to).toMatchObject({ status: "submitted" });

    // The next resident sees that two have reported it.
    const third = await postReport("JH0503V", { category: "safety_hazard", description: "广场的健身器材快散架了" });
    expect(await third.text()).toContain("已有 2 位居民反映");
  });

  it("files anyway when the resident says it is not the same", async () => {
    await postReport("JH0101V", { category: "safety_hazard", description: "消防通道被私家车堵住了" });
    const anyway = await postReport("JH0101V", {
      category: "safety_hazard",
      description: "楼顶水箱盖子掉了，有小孩上去玩",
      confirm_new: "1",
    });
    expect(anyway.status).toBe(303);
    expect((await caseByLocation(anyway)).status).toBe("submitted");
  });

  it("never shows another household's dispute, request for help or opinion", async () => {
    for (const category of ["dispute", "public_service", "social_opinion"]) {
      await postReport("JH0102V", { category, description: `楼上邻居家的事情，协商不成（${category}）` });
      const second = await postReport("JH0102V", { category, description: `我家的事情（${category}）` });
      expect([category, second.status]).toEqual([category, 303]);
    }
  });

  it("refuses to join a report that is not an open one of this station and category, filing nothing", async () => {
    const elsewhere = await postReport("JH0201V", { category: "safety_hazard", description: "别的站点的电动车充电隐患" });
    const other = await caseByLocation(elsewhere);
    const res = await postReport("JH0502V", { category: "safety_hazard", description: "想跟进别处的反映", follow: other.id });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("您选的那件反映刚刚办结或已合并");
    expect(html).toContain("想跟进别处的反映");
    expect(await db().select().from(caseTable).where(eq(caseTable.description, "想跟进别处的反映"))).toHaveLength(0);
  });

  it("reads the open reports and their counts from indexes, in the form's one read", async () => {
    const { sql, params } = openReportsAt(db(), "JH0502V", "safety_hazard").toSQL();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail).join("\n");
    expect(details).toContain("case_station_idx");
    expect(details).toContain("case_merged_into_idx");
    expect(details).not.toMatch(/^SCAN "?case"?\b(?! USING)/m);
  });

  it("shows only the start of a description, a phone number in it masked", () => {
    expect(publicExcerpt("路灯坏了，有事打我电话13912345678")).toBe("路灯坏了，有事打我电话139****");
    expect(publicExcerpt("电话 138 1234-5678 找王姐")).toBe("电话 138**** 找王姐");
    expect(publicExcerpt("身份证14010219800101123X丢在这里")).toBe("身份证140****丢在这里");
    expect(publicExcerpt("３号楼２单元")).toBe("３号楼２单元");
    expect(publicExcerpt("很长".repeat(40))).toHaveLength(61);
  });

  it("keeps the isolate's photo store untouched by an offer alone (the photo is held, not filed)", async () => {
    const before = (await env.PHOTOS.list({ prefix: "photos/" })).objects.length;
    await postReport("JH0502V", { category: "safety_hazard", description: "楼道灯还是没修" });
    expect((await env.PHOTOS.list({ prefix: "photos/" })).objects.length).toBe(before);
  });
});
