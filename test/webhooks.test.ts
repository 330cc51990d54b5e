import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliverySchema, WebhookCreatedSchema, WebhookSchema } from "../schema/api/webhook.ts";
import { apiKey } from "../schema/api-key.ts";
import { webhook, webhookDelivery } from "../schema/webhook.ts";
import { issueApiKey } from "../worker/auth/api-key.ts";
import { createCase } from "../worker/cases/create.ts";
import type { AppEnv } from "../worker/env.ts";
import { caseEventsAppended, wakeAfterCaseWrites } from "../worker/webhooks/announce.ts";
import { consumeWebhookBatch } from "../worker/webhooks/consumer.ts";
import { deliver, markDead } from "../worker/webhooks/deliver.ts";
import { fanOut } from "../worker/webhooks/fanout.ts";
import { retryDelaySeconds, type WebhookMessage } from "../worker/webhooks/messages.ts";
import { verifyDelivery } from "../worker/webhooks/signature.ts";
import { createWebhook } from "../worker/webhooks/subscriptions.ts";
import { actOk, fileCase, REPORT } from "./helpers/cases.ts";
import { expectError } from "./helpers/expect-error.ts";
import { NOTIFY_CONFIG, recordingChannel } from "./helpers/notify.ts";
import { seedDemo } from "./helpers/seed.ts";
import { signIn, signInCast } from "./helpers/staff.ts";
import { call, db, json, keyHeaders, sendJson } from "./helpers/worker.ts";

let districtKey: Record<string, string>;
let gridKey: Record<string, string>;
let otherKey: Record<string, string>;

beforeAll(async () => {
  await seedDemo();
  districtKey = await keyHeaders("cases:read");
  const grid = await issueApiKey(db(), "grid jh0501 hotline", ["cases:read"], "/xhl/jh/jh05/jh0501/");
  gridKey = { authorization: `Bearer ${grid.key}` };
  otherKey = await keyHeaders("cases:read");
});

async function subscribe(headers: Record<string, string>, body: Record<string, unknown> = { url: "https://hotline.example.cn/hook" }) {
  const res = await call("/api/v1/webhooks", sendJson("POST", body, headers));
  expect(res.status, await res.clone().text()).toBe(201);
  return WebhookCreatedSchema.parse(await res.json());
}

/** Deliveries made by fan-out for one webhook, oldest first, with their events' case ids. */
async function deliveriesOf(webhookId: string) {
  return db().select().from(webhookDelivery).where(eq(webhookDelivery.webhookId, webhookId)).orderBy(webhookDelivery.id);
}

/** A stand-in receiver: records what it got and answers with the next status in line. */
function receiver(statuses: (number | "network")[]) {
  const received: Request[] = [];
  const send = (async (input: RequestInfo | URL, init?: RequestInit) => {
    received.push(new Request(input, init));
    const status = statuses.shift() ?? 200;
    if (status === "network") throw new TypeError("connection refused");
    return new Response("ok", { status });
  }) as typeof fetch;
  return { received, send };
}

describe("subscribing", () => {
  it("creates a webhook with a signing secret shown once, and lists it without", async () => {
    const created = await subscribe(districtKey, { url: "https://hotline.example.cn/hook", actions: ["create", "resolve"] });
    expect(created).toEqual({
      id: expect.stringMatching(/^wh_[0-9A-Z]{26}$/),
      url: "https://hotline.example.cn/hook",
      actions: ["create", "resolve"],
      active: true,
      created_at: expect.any(String),
      secret: expect.stringMatching(/^whsec_[\w-]{43}$/),
    });
    const [row] = await db().select().from(webhook).where(eq(webhook.id, created.id));
    expect(row!.secretBox).not.toContain(created.secret.slice(6));
    const list = await json(await call("/api/v1/webhooks", { headers: districtKey }));
    expect(list.items.map((w: { id: string }) => w.id)).toContain(created.id);
    expect(JSON.stringify(list)).not.toContain(created.secret);
    const one = await call(`/api/v1/webhooks/${created.id}`, { headers: districtKey });
    expect(WebhookSchema.strict().parse(await one.json()).id).toBe(created.id);
  });

  it("refuses bad URLs, unknown fields and unknown actions", async () => {
    for (const body of [
      { url: "http://hotline.example.cn/hook" },
      { url: "https://user:pass@hotline.example.cn/hook" },
      { url: "not a url" },
      { url: "https://hotline.example.cn/hook", active: false },
      { url: "https://hotline.example.cn/hook", actions: ["explode"] },
      { url: "https://hotline.example.cn/hook", actions: [] },
    ]) {
      await expectError(await call("/api/v1/webhooks", sendJson("POST", body, districtKey)), 400, "validation_failed");
    }
    // A local receiver while developing is fine.
    await subscribe(otherKey, { url: "http://127.0.0.1:8788/hook" });
  });

  it("refuses private, loopback and link-local receivers outside local development", async () => {
    const [row] = await db().select().from(apiKey).limit(1);
    const offline = { allowPrivateDestinations: false };
    for (const url of [
      "https://169.254.169.254/latest/meta-data",
      "https://10.1.2.3/hook",
      "https://172.16.0.9/hook",
      "https://192.168.1.1/hook",
      "https://100.64.0.1/hook",
      "https://[::1]/hook",
      "https://[fd00::1]/hook",
      "https://[fe80::1]/hook",
      "https://[::ffff:10.0.0.1]/hook",
      "https://0.0.0.0/hook",
      "http://localhost:8788/hook",
      "https://printer.local/hook",
      "https://db.internal/hook",
    ]) {
      await expect(createWebhook(db(), env.ENCRYPTION_KEY, row!.id, { url }, offline), url).rejects.toMatchObject({
        code: "validation_failed",
      });
    }
    const ok = await createWebhook(db(), env.ENCRYPTION_KEY, row!.id, { url: "https://203.0.113.10/hook" }, offline);
    expect(ok.webhook.url).toBe("https://203.0.113.10/hook");
    await db().update(webhook).set({ active: false }).where(eq(webhook.id, ok.webhook.id));
  });

  it("does not call a private receiver outside local development, even one subscribed earlier", async () => {
    await onlyNewWebhooks();
    const local = await subscribe(districtKey, { url: "http://127.0.0.1:8788/earlier" });
    await actOk((await fileCase()).id, "accept", (await signInCast()).grid);
    await fanOut(db());
    const [delivery] = await db().select().from(webhookDelivery).where(eq(webhookDelivery.webhookId, local.id)).limit(1);
    let called = false;
    const send = async () => {
      called = true;
      return new Response(null, { status: 204 });
    };
    expect(
      await deliver(db(), delivery!.id, { encryptionKey: env.ENCRYPTION_KEY, allowPrivateDestinations: false, send }, new Date()),
    ).toBe("gone");
    expect(called).toBe(false);
    const [after] = await db().select().from(webhookDelivery).where(eq(webhookDelivery.id, delivery!.id));
    expect([after!.status, after!.lastError]).toEqual(["dead", "the URL points into a private network"]);
  });

  it("belongs to its key: another key, a staff session and no key are refused", async () => {
    const mine = await subscribe(districtKey);
    for (const path of [`/api/v1/webhooks/${mine.id}`, `/api/v1/webhooks/${mine.id}/deliveries`]) {
      await expectError(await call(path, { headers: otherKey }), 404, "not_found");
    }
    await expectError(await call(`/api/v1/webhooks/${mine.id}`, { method: "DELETE", headers: otherKey }), 404, "not_found");
    const staff = await signIn("district_dispatcher", { area: "xhl" });
    await expectError(await call("/api/v1/webhooks", sendJson("POST", { url: "https://a.example/h" }, staff.headers)), 403, "forbidden");
    await expectError(await call("/api/v1/webhooks", { headers: {} }), 401, "unauthorized");
    const writer = await keyHeaders("cases:write");
    await expectError(await call("/api/v1/webhooks", { headers: writer }), 403, "forbidden");
    await expectError(await call("/api/v1/webhooks/wh_nope", { headers: districtKey }), 400, "validation_failed");
  });

  it("allows ten active webhooks per key, and deleting stops one", async () => {
    const key = await keyHeaders("cases:read");
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push((await subscribe(key, { url: `https://h${i}.example.cn/hook` })).id);
    await expectError(await call("/api/v1/webhooks", sendJson("POST", { url: "https://h10.example.cn/hook" }, key)), 409, "conflict");
    expect((await call(`/api/v1/webhooks/${ids[0]}`, { method: "DELETE", headers: key })).status).toBe(204);
    expect((await json(await call(`/api/v1/webhooks/${ids[0]}`, { headers: key }))).active).toBe(false);
    await subscribe(key, { url: "https://h10.example.cn/hook" });
  });
});

/** Each test below watches only the webhooks it makes: earlier ones are stopped. */
async function onlyNewWebhooks() {
  await fanOut(db());
  await db().update(webhook).set({ active: false });
}

describe("fan-out", () => {
  beforeEach(onlyNewWebhooks);

  it("turns new events in the key's scope into one delivery each, once", async () => {
    const all = await subscribe(districtKey);
    const grid = await subscribe(gridKey);
    const onlyResolved = await subscribe(districtKey, { url: "https://hotline.example.cn/resolved", actions: ["accept"] });
    const cast = await signInCast();
    const inside = await fileCase();
    const outside = await fileCase({ ...REPORT, station_code: "JH0502V" });
    await actOk(inside.id, "accept", cast.grid);

    // Two passes racing, then a third: each event still gives one delivery per webhook.
    const [first, second] = await Promise.all([fanOut(db()), fanOut(db())]);
    expect(await fanOut(db())).toEqual([]);
    const made = [...first, ...second];
    expect(new Set(made).size).toBe(made.length);

    const [forAll, forGrid, forResolved] = await Promise.all([deliveriesOf(all.id), deliveriesOf(grid.id), deliveriesOf(onlyResolved.id)]);
    expect(forAll).toHaveLength(3);
    expect(forGrid).toHaveLength(2); // the case outside jh0501 is not the grid key's business
    expect(forResolved).toHaveLength(1);
    expect(made.sort()).toEqual([...forAll, ...forGrid, ...forResolved].map((d) => d.id).sort());
    const events = await json(await call("/api/v1/events?limit=500", { headers: districtKey }));
    const caseOf = new Map(events.items.map((e: { id: number; case_id: string }) => [e.id, e.case_id]));
    expect(forGrid.map((d) => caseOf.get(d.eventId))).toEqual([inside.id, inside.id]);
    expect(forAll.map((d) => caseOf.get(d.eventId))).toEqual([inside.id, outside.id, inside.id]);
    expect(forAll.every((d) => d.status === "pending" && d.attempts === 0)).toBe(true);
  });

  it("skips deleted webhooks and revoked keys", async () => {
    const key = await issueApiKey(db(), "soon revoked", ["cases:read"]);
    const headers = { authorization: `Bearer ${key.key}` };
    const hook = await subscribe(headers);
    const gone = await subscribe(headers, { url: "https://gone.example.cn/hook" });
    await call(`/api/v1/webhooks/${gone.id}`, { method: "DELETE", headers });
    await fileCase();
    await fanOut(db());
    expect(await deliveriesOf(gone.id)).toHaveLength(0);
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
    await call("/api/v1/webhooks", { headers }); // still valid here
    const { apiKey } = await import("../schema/api-key.ts");
    await db().update(apiKey).set({ revokedAt: new Date() }).where(eq(apiKey.id, key.id));
    await fileCase();
    await fanOut(db());
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
  });
});

describe("delivery", () => {
  beforeEach(onlyNewWebhooks);

  it("POSTs the event signed over timestamp and body, with a delivery id, once", async () => {
    const hook = await subscribe(districtKey);
    const filed = await fileCase();
    const [deliveryId] = await fanOut(db());
    const { received, send } = receiver([200]);
    const now = new Date();
    expect(await deliver(db(), deliveryId!, { encryptionKey: env.ENCRYPTION_KEY, allowPrivateDestinations: true, send }, now)).toBe(
      "delivered",
    );
    const request = received[0]!;
    const body = await request.text();
    const timestamp = Number(request.headers.get("gridstation-timestamp"));
    expect(request.method).toBe("POST");
    expect(request.url).toBe("https://hotline.example.cn/hook");
    expect(request.headers.get("gridstation-delivery")).toBe(deliveryId);
    expect(request.headers.get("gridstation-event")).toBe("case.create");
    expect(timestamp).toBe(Math.floor(now.getTime() / 1000));
    expect(await verifyDelivery(hook.secret, timestamp, body, request.headers.get("gridstation-signature")!, now)).toBe(true);
    expect(
      await verifyDelivery(hook.secret, timestamp, body.replace("create", "delete"), request.headers.get("gridstation-signature")!, now),
    ).toBe(false);
    expect(await verifyDelivery("whsec_other", timestamp, body, request.headers.get("gridstation-signature")!, now)).toBe(false);
    expect(JSON.parse(body)).toEqual({
      id: deliveryId,
      webhook_id: hook.id,
      type: "case.create",
      event: expect.objectContaining({ case_id: filed.id, action: "create" }),
    });
    // No reporter data travels in the event.
    expect(body).not.toContain(REPORT.reporter.phone);

    // The queue may hand the same message over twice: a delivered delivery is not sent again.
    expect(await deliver(db(), deliveryId!, { encryptionKey: env.ENCRYPTION_KEY, allowPrivateDestinations: true, send }, now)).toBe("gone");
    expect(received).toHaveLength(1);
    const page = await json(await call(`/api/v1/webhooks/${hook.id}/deliveries`, { headers: districtKey }));
    expect(page.items.map((d: unknown) => DeliverySchema.strict().parse(d))).toEqual([
      {
        id: deliveryId,
        event_id: expect.any(Number),
        status: "delivered",
        attempts: 1,
        last_status_code: 200,
        last_error: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        delivered_at: now.toISOString(),
      },
    ]);
  });

  it("records failures for retry, and the dead letters mark what never got through", async () => {
    const hook = await subscribe(districtKey, { url: "https://down.example.cn/hook" });
    await fileCase();
    const [deliveryId] = await fanOut(db());
    const { send } = receiver([503, "network"]);
    expect(await deliver(db(), deliveryId!, { encryptionKey: env.ENCRYPTION_KEY, allowPrivateDestinations: true, send }, new Date())).toBe(
      "retry",
    );
    expect(await deliver(db(), deliveryId!, { encryptionKey: env.ENCRYPTION_KEY, allowPrivateDestinations: true, send }, new Date())).toBe(
      "retry",
    );
    let [row] = await deliveriesOf(hook.id);
    expect([row!.status, row!.attempts, row!.lastStatusCode, row!.lastError]).toEqual(["retrying", 2, null, "could not connect"]);
    await markDead(db(), deliveryId!);
    [row] = await deliveriesOf(hook.id);
    expect(row!.status).toBe("dead");
    expect(await deliver(db(), deliveryId!, { encryptionKey: env.ENCRYPTION_KEY, allowPrivateDestinations: true, send }, new Date())).toBe(
      "gone",
    );
    const dead = await json(await call(`/api/v1/webhooks/${hook.id}/deliveries?status=dead`, { headers: districtKey }));
    expect(dead.items.map((d: { id: string }) => d.id)).toEqual([deliveryId]);
    await expectError(await call(`/api/v1/webhooks/${hook.id}/deliveries?status=lost`, { headers: districtKey }), 400, "validation_failed");
  });

  it("backs off exponentially up to an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => retryDelaySeconds(attempt, 30))).toEqual([
      30, 60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]);
    expect(retryDelaySeconds(3, 0)).toBe(0);
  });
});

describe("the queue consumer", () => {
  beforeEach(onlyNewWebhooks);

  /** A batch as the platform hands it over, recording what the consumer does with each message. */
  function batchOf(queue: string, bodies: WebhookMessage[], attempts = 1) {
    const outcome: string[] = [];
    const messages = bodies.map((body, i) => ({
      id: String(i),
      timestamp: new Date(),
      body,
      attempts,
      ack: () => outcome.push(`ack ${i}`),
      retry: (options?: { delaySeconds?: number }) => outcome.push(`retry ${i} after ${options?.delaySeconds}`),
    }));
    return { batch: { queue, messages, ackAll() {}, retryAll() {} } as unknown as MessageBatch<WebhookMessage>, outcome };
  }

  it("fans out, queues the deliveries, sends them, retries failures and buries the dead", async () => {
    const hook = await subscribe(districtKey, { url: "https://flaky.example.cn/hook" });
    await fileCase();
    await fileCase();
    const queued: WebhookMessage[] = [];
    const queue = {
      sendBatch: async (items: { body: WebhookMessage }[]) => void queued.push(...items.map((m) => m.body)),
    } as unknown as Queue<WebhookMessage>;
    const { send, received } = receiver([200, 500]);
    const quiet = recordingChannel("log").channel;
    const notify = { channels: { sms: quiet, wecom: quiet }, config: NOTIFY_CONFIG, publicBaseUrl: null, keys: env.ENCRYPTION_KEY };
    const consumer = { encryptionKey: env.ENCRYPTION_KEY, allowPrivateDestinations: true, queue, retryBaseSeconds: 30, send, notify };

    // A burst of reports leaves several fan-out requests in one batch: one pass answers them all.
    const fan = batchOf("gridstation-webhooks", [{ kind: "fanout" }, { kind: "fanout" }, { kind: "fanout" }]);
    await consumeWebhookBatch(fan.batch, db(), consumer);
    expect(fan.outcome).toEqual(["ack 0", "ack 1", "ack 2"]);
    expect(queued.map((m) => m.kind)).toEqual(["deliver", "deliver"]);

    const sending = batchOf("gridstation-webhooks", queued, 3);
    await consumeWebhookBatch(sending.batch, db(), consumer);
    expect(received).toHaveLength(2);
    // One got through, one answered 500 on its third attempt: retried after 30 s × 2².
    expect(sending.outcome.filter((o) => o.startsWith("ack"))).toHaveLength(1);
    expect(sending.outcome.filter((o) => o.startsWith("retry"))).toEqual([expect.stringMatching(/^retry [01] after 120$/)]);

    const dead = batchOf("gridstation-webhooks-dead", queued);
    await consumeWebhookBatch(dead.batch, db(), consumer);
    expect(dead.outcome).toEqual(["ack 0", "ack 1"]);
    const rows = await deliveriesOf(hook.id);
    expect(rows.map((r) => r.status).sort()).toEqual(["dead", "delivered"]);
  });
});

describe("announcing writes", () => {
  beforeEach(onlyNewWebhooks);

  const file = (description: string) =>
    createCase(
      db(),
      { category: "dispute", description, stationCode: "JH0501V" },
      { channel: "api", actor: { kind: "resident" }, now: new Date() },
    );

  it("tells from the write's own batch whether any subscription listens", async () => {
    expect((await file("没有订阅时上报的事项")).listened).toBe(false);
    await subscribe(districtKey);
    expect((await file("有订阅后上报的事项")).listened).toBe(true);
  });

  it("queues a fan-out after a request whose writes appended events, unless the write found nobody listening", async () => {
    const sent: WebhookMessage[] = [];
    const queue = { send: async (message: WebhookMessage) => void sent.push(message) } as unknown as Queue<WebhookMessage>;
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set("services", { webhooks: queue } as AppEnv["Variables"]["services"]);
      await next();
    });
    app.use(wakeAfterCaseWrites);
    app.post("/loud", (c) => {
      caseEventsAppended();
      return c.text("filed");
    });
    app.post("/quiet", (c) => {
      caseEventsAppended(false);
      return c.text("filed");
    });
    app.post("/nothing-appended", (c) => c.text("signed in"));
    for (const path of ["/quiet", "/nothing-appended", "/loud"]) {
      const ctx = createExecutionContext();
      await app.request(path, { method: "POST" }, {}, ctx);
      await waitOnExecutionContext(ctx);
    }
    expect(sent).toEqual([{ kind: "fanout" }]);
  });
});
