// Notifications end to end on both runtimes, through the real queue (`wrangler dev`'s local Queues,
// the self-hosted queue table) and the default `log` channel: a report filed at a station tells
// its grid worker; resolving it tells the resident who asked. Seen as staff see it, on the case's
// trail ("已短信通知 …"), which is written from the outbox's rows.
// SMS goes out through the fake providers (test/helpers/fake-sms.ts) behind SMS_ENDPOINT: Alibaba
// Cloud's for workerd, Tencent Cloud's for node, each checking the signature, 短信签名 and template.
import { describe, expect, inject, it } from "vitest";
import { STAFF_ACCOUNTS, STAFF_PASSWORD } from "../browser/server.ts";
import { FAKE_TEMPLATES, type Received } from "../helpers/fake-sms.ts";

const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 45_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const { runtime, baseUrl, smsProvider, smsFake } of inject("servers")) {
  const received = async (): Promise<Received[]> => (await fetch(`${smsFake}/__received`)).json();
  // Addresses of its own, so that the rate limits of other tests' reports and sign-ins stay apart.
  const address = { "cf-connecting-ip": runtime === "node" ? "198.18.21.2" : "198.18.21.1" };
  const get = (path: string, cookie = "") => fetch(`${baseUrl}${path}`, { headers: { cookie, ...address }, redirect: "manual" });
  const post = (path: string, body: FormData | URLSearchParams, cookie = "") =>
    fetch(`${baseUrl}${path}`, { method: "POST", body, headers: { cookie, ...address }, redirect: "manual" });

  async function signInGridWorker(): Promise<string> {
    const form = await get("/staff/login");
    const token = /name="token" value="([^"]+)"/.exec(await form.text())![1]!;
    const res = await post(
      "/staff/login",
      new URLSearchParams({ token, phone: STAFF_ACCOUNTS.grid.phone, password: STAFF_PASSWORD }),
      cookieOf(form),
    );
    expect(res.status, await res.clone().text()).toBe(303);
    return cookieOf(res);
  }

  async function caseScreen(id: string, cookie: string) {
    return (await get(`/staff/cases/${id}`, cookie)).text();
  }

  async function act(id: string, action: string, fields: Record<string, string>, cookie: string) {
    const csrf = /name="csrf" value="([^"]+)"/.exec(await caseScreen(id, cookie))![1]!;
    const res = await post(`/staff/cases/${id}/actions/${action}`, new URLSearchParams({ csrf, ...fields }), cookie);
    expect(res.status, `${action}: ${await res.clone().text()}`).toBe(303);
  }

  describe(`notifications through the queue, on ${runtime}`, () => {
    it("a report filed at a station notifies its grid worker; resolving it notifies the resident who asked", async () => {
      const station = await get("/s/JH0501V");
      const token = /name="token" value="([^"]+)"/.exec(await station.text())![1]!;
      const report = new FormData();
      const fields = {
        token,
        category: "safety_hazard",
        description: `通知测试：楼道灯不亮（${runtime} ${Date.now()}）`,
        phone: "13900002101",
        notify: "1",
        confirm_new: "1",
      };
      for (const [name, value] of Object.entries(fields)) report.append(name, value);
      const filed = await post("/s/JH0501V/report", report);
      expect(filed.status, await filed.clone().text()).toBe(303);
      const code = /^\/t\/([A-Z0-9]{10})/.exec(filed.headers.get("location")!)![1]!;

      const cookie = await signInGridWorker();
      const list = await (await get(`/staff/cases?q=${code}`, cookie)).text();
      const id = /href="\/staff\/cases\/([0-9A-Z]{26})/.exec(list)![1]!;

      // The grid worker is texted through the queue: the outbox row reaches `sent`.
      await eventually("the grid worker's SMS to be sent", async () =>
        (await caseScreen(id, cookie)).includes("已短信通知 专职网格员 测试grid") ? true : undefined,
      );

      await act(id, "accept", {}, cookie);
      await act(id, "resolve", { resolution: "已更换楼道灯泡" }, cookie);
      const screen = await eventually("the resident's SMS to be sent", async () => {
        const html = await caseScreen(id, cookie);
        return html.includes("已短信通知 居民") ? html : undefined;
      });
      // Each notification once: the filing told the worker once, the resolution the resident once.
      expect(screen.match(/已短信通知 专职网格员 测试grid/g)).toHaveLength(1);
      expect(screen.match(/已短信通知 居民/g)).toHaveLength(1);

      // What the provider took in: one message each, signed and on the approved template, the
      // resident's carrying only the tracking code.
      const texts = (await received()).filter((r) => r.provider === smsProvider && r.accepted);
      const toWorker = texts.filter((r) => r.to === STAFF_ACCOUNTS.grid.phone && r.template === FAKE_TEMPLATES[smsProvider].case_arrived);
      expect(toWorker.filter((r) => JSON.stringify(r.params).includes(code))).toHaveLength(1);
      const toResident = texts.filter((r) => r.to === "13900002101");
      expect(toResident).toHaveLength(1);
      expect(toResident[0]!.template).toBe(FAKE_TEMPLATES[smsProvider].case_resolved);
      expect(JSON.stringify(toResident[0]!.params)).toContain(code);
      expect(new Set(texts.map((r) => r.id)).size).toBe(texts.length);

      // The resident's own page never says who was texted.
      const tracking = await (await get(`/t/${code}`)).text();
      expect(tracking).not.toContain("短信通知");
    }, 90_000);
  });
}
