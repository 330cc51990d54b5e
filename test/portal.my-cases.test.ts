import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newTrackingCode } from "../worker/workflow/ids.ts";
import { fileCase, REPORT } from "./helpers/cases.ts";
import { formToken, postReport } from "./helpers/forms.ts";
import { recordRequest } from "./helpers/recording-db.ts";
import { seedDemo } from "./helpers/seed.ts";
import { call } from "./helpers/worker.ts";

beforeAll(seedDemo);

let address = 0;

/** Files through the station page's form, each from an address of its own (the form's rate limit is per address). */
async function fileByForm(description: string, path = "JH0501V") {
  const res = await postReport(
    path,
    { token: await formToken(), category: "dispute", description },
    { "cf-connecting-ip": `203.0.113.${++address}` },
  );
  expect(res.status).toBe(303);
  return {
    code: /^\/t\/([A-Z0-9]{10})\?new=1#top$/.exec(res.headers.get("location") ?? "")![1]!,
    setCookie: res.headers.get("set-cookie"),
  };
}

/** The value the response gives the phone's list, or undefined when it leaves the cookie alone. */
function listIn(res: Response): string | undefined {
  const header = res.headers.get("set-cookie");
  return header === null ? undefined : (/my_cases=([^;]*)/.exec(header)?.[1] ?? undefined);
}

const withList = (codes: string[] | string, init: RequestInit = {}): RequestInit => ({
  ...init,
  redirect: "manual",
  headers: { ...(init.headers as Record<string, string>), cookie: `my_cases=${Array.isArray(codes) ? codes.join(".") : codes}` },
});

const post = (path: string, fields: Record<string, string>, codes?: string[]) => {
  const init = { method: "POST", body: new URLSearchParams(fields), redirect: "manual" } as const;
  return call(path, codes ? withList(codes, init) : init);
};

/** The tracking codes /my lists, in the page's order. */
function listed(html: string): string[] {
  return [...html.matchAll(/<a class="case" href="\/t\/([A-Z0-9]{10})/g)].map((m) => m[1]!);
}

describe("filing from the station page", () => {
  it("remembers the case on the phone: an httpOnly, SameSite=Lax cookie for a year, newest first", async () => {
    const first = await fileByForm("楼上每晚十一点后还在装修，影响休息");
    expect(first.setCookie).toBe(`my_cases=${first.code}; Max-Age=31536000; Path=/; HttpOnly; SameSite=Lax`);

    const res = await postReport(
      "JH0501V",
      { token: await formToken(), category: "safety_hazard", description: "车棚里有人给电动车私拉电线充电" },
      { cookie: `my_cases=${first.code}`, "cf-connecting-ip": `203.0.113.${++address}` },
    );
    const second = /^\/t\/([A-Z0-9]{10})/.exec(res.headers.get("location")!)![1]!;
    expect(listIn(res)).toBe(`${second}.${first.code}`);
  });

  it("leaves the list alone when another site's form files the report (it comes without the phone's cookie)", async () => {
    const res = await postReport(
      "JH0501V",
      { token: await formToken(), category: "dispute", description: "别的网站代填的反映" },
      { "cf-connecting-ip": `203.0.113.${++address}`, "sec-fetch-site": "cross-site" },
    );
    expect(res.status).toBe(303);
    expect(listIn(res)).toBeUndefined();
  });

  it("marks the cookie Secure over https", async () => {
    const body = new FormData();
    for (const [name, value] of Object.entries({
      token: await formToken(),
      category: "dispute",
      description: "小区门口的共享单车堆满了人行道",
    }))
      body.append(name, value);
    const res = await exports.default.fetch(
      new Request("https://gridstation.test/s/JH0501V/report", {
        method: "POST",
        body,
        headers: { "cf-connecting-ip": "203.0.113.250" },
        redirect: "manual",
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toMatch(/^my_cases=[A-Z0-9]{10}; Max-Age=31536000; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  });
});

describe("GET /my", () => {
  it("lists the phone's cases newest first, with category, time, status and level in plain words, each linking to its page", async () => {
    const older = await fileCase({ ...REPORT, category: "safety_hazard", description: "3号楼楼道堆放杂物（我的反映）" });
    const newer = await fileCase({ ...REPORT, category: "dispute", description: "邻居家的狗夜里一直叫（我的反映）" });
    // The cookie's order is not the list's: newest filed first.
    const res = await call("/my", withList([older.tracking_code, newer.tracking_code]));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(listed(html)).toEqual([newer.tracking_code, older.tracking_code]);
    for (const text of ["我的反映", "矛盾纠纷", "安全隐患", "反映时间", "已受理，待处理", "当前办理: 网格"]) expect(html).toContain(text);
    // What residents read of a case, never who reported it or what they wrote.
    for (const secret of ["王女士", "13812345678", "邻居家的狗"]) expect(html).not.toContain(secret);
    expect(html).toContain(`<input type="hidden" name="code" value="${newer.tracking_code}"/>`);
    expect(html).toContain('<form method="post" action="/my/forget">');

    const en = await (await call("/my?lang=en", withList([newer.tracking_code]))).text();
    for (const text of ["My reports", "Dispute", "Received, waiting to be handled", "your grid team", "Remove from this phone"])
      expect(en).toContain(text);
    expect(en).toContain(`href="/t/${newer.tracking_code}?lang=en"`);
    expect(en).toContain('action="/my/forget?lang=en"');
  });

  it("reads every case in one query on the tracking code's index", async () => {
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push((await fileCase({ ...REPORT, description: `第${i}件：单元门禁坏了（一次查询）` })).tracking_code);
    const { response, log } = await recordRequest("/my", withList(codes));
    expect(response.status).toBe(200);
    expect(listed(await response.text())).toHaveLength(3);
    expect(log.roundTrips).toBe(1);
    const [query] = log.statements;
    expect(query!.params).toEqual(expect.arrayContaining(codes));
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query!.sql}`)
      .bind(...query!.params)
      .all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail).join("\n")).toMatch(/USING INDEX case_tracking_code_unique \(tracking_code=\?\)/);
  });

  it("says in plain words what the page is for when the phone has no case, and queries nothing", async () => {
    const { response, log } = await recordRequest("/my");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("这部手机上还没有记下的反映。");
    expect(html).toContain("在微站页面提交反映后，它会出现在这里");
    expect(html).toContain("凭查询码仍可随时查看进度");
    expect(html).toContain('<a class="tap" href="/">查找微站</a>');
    expect(log.roundTrips).toBe(0);
    const en = await (await call("/my?lang=en")).text();
    expect(en).toContain("This phone has no reports remembered yet.");
  });

  it("ignores a forged cookie: only well-formed codes are read, each once, at most twenty", async () => {
    const real = (await fileCase({ ...REPORT, description: "路灯坏了一个星期（伪造的cookie）" })).tracking_code;
    const junk = [`"><script>alert(1)</script>`, "' OR 1=1 --", real.toLowerCase(), `${real}X`, "%00", ""].map(encodeURIComponent);
    const res = await call("/my", withList([...junk, real, real, newTrackingCode()].join(".")));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(listed(html)).toEqual([real]);
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("OR 1=1");

    const many = Array.from({ length: 30 }, () => newTrackingCode());
    const { response, log } = await recordRequest("/my", withList(many.join(".")));
    expect(response.status).toBe(200);
    expect(log.statements[0]!.params.filter((p) => typeof p === "string" && many.includes(p))).toEqual(many.slice(0, 20));
    // A cookie far beyond any browser's size limit is still read without failing.
    expect((await call("/my", withList("A".repeat(8000)))).status).toBe(200);
  });
});

describe("POST /my/forget", () => {
  it("takes a case off this phone's list, and leaves the case itself alone", async () => {
    const [a, b] = [
      (await fileCase({ ...REPORT, description: "楼顶水箱漏水（移除）" })).tracking_code,
      (await fileCase({ ...REPORT, description: "电梯三天两头停（移除）" })).tracking_code,
    ];
    const res = await post("/my/forget", { code: a.toLowerCase() }, [b, a]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/my");
    expect(listIn(res)).toBe(b);
    expect(listed(await (await call("/my", withList(listIn(res)!))).text())).toEqual([b]);
    expect((await call(`/t/${a}`)).status).toBe(200);

    const last = await post("/my/forget?lang=en", { code: b }, [b]);
    expect(last.headers.get("location")).toBe("/my?lang=en");
    expect(last.headers.get("set-cookie")).toMatch(/^my_cases=; Max-Age=0; Path=\//);
  });

  it("writes nothing when the code is not on the list, or the post carries no list", async () => {
    const code = (await fileCase({ ...REPORT, description: "垃圾桶满了没人清（不在列表）" })).tracking_code;
    for (const res of [
      await post("/my/forget", { code }),
      await post("/my/forget", { code }, [newTrackingCode()]),
      await post("/my/forget", { code: "<b>not a code</b>" }, [code]),
    ]) {
      expect(res.status).toBe(303);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
  });
});

describe("POST /my/keep", () => {
  it("keeps a case opened by its code first on the list, typed in any case", async () => {
    const kept = (await fileCase({ ...REPORT, description: "楼下烧烤油烟太大（记住这件）" })).tracking_code;
    const others = Array.from({ length: 20 }, () => newTrackingCode());
    const res = await post("/my/keep?lang=en", { code: `${kept.slice(0, 5).toLowerCase()} ${kept.slice(5)}` }, others);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/my?lang=en");
    // First, and the oldest drops off at twenty.
    expect(listIn(res)).toBe([kept, ...others.slice(0, 19)].join("."));
    // Kept again, it moves up rather than appearing twice.
    const again = await post("/my/keep", { code: kept }, [others[0]!, kept]);
    expect(listIn(again)).toBe(`${kept}.${others[0]}`);
  });

  it("refuses a code of no case, and writes nothing", async () => {
    for (const code of [newTrackingCode(), "nonsense", ""]) {
      const res = await post("/my/keep", { code });
      expect(res.status, code).toBe(404);
      expect(await res.text()).toContain("没有这个查询码的记录");
      expect(res.headers.get("set-cookie")).toBeNull();
    }
  });
});

describe("the tracking page", () => {
  it("says a case just filed is on 我的反映, and offers to keep one opened by its code", async () => {
    const { code } = await fileByForm("单元门口的台阶坏了，老人容易摔倒");
    const fresh = await (await call(`/t/${code}?new=1`)).text();
    expect(fresh).toContain("这件反映已记在本机，随时可在这里查看：");
    expect(fresh).toMatch(/<a href="\/my" style="[^"]*min-height:48px[^"]*">我的反映<\/a>/);
    expect(fresh).not.toContain('action="/my/keep"');
    const later = await (await call(`/t/${code}?lang=en`)).text();
    expect(later).toContain('<form method="post" action="/my/keep?lang=en">');
    expect(later).toContain(`<input type="hidden" name="code" value="${code}"/>`);
    expect(later).toContain("Keep on this phone");
  });
});

describe("the home page", () => {
  it("links to 我的反映", async () => {
    expect(await (await call("/")).text()).toContain('<a class="tap" href="/my">我的反映：这部手机提交过的反映和办理进度</a>');
    expect(await (await call("/?lang=en")).text()).toContain('href="/my?lang=en"');
  });
});
