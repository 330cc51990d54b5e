// Webhooks end to end on both runtimes: `wrangler dev` with its local Queues and the self-hosted
// server with its queue table (producer, consumer, dead letters), a case filed through the API,
// and receivers listening on this machine.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyDelivery } from "../../worker/webhooks/signature.ts";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const received: Received[] = [];
/** `…/ok` answers 200; `…/flaky` 500 twice per delivery, then 200; `…/down` always 503. */
const failuresSoFar = new Map<string, number>();
let server: Server;
let receiverUrl = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      const delivery = String(req.headers["gridstation-delivery"]);
      const failed = failuresSoFar.get(delivery) ?? 0;
      const down = req.url?.endsWith("/down") ?? false;
      const fail = down || (!!req.url?.endsWith("/flaky") && failed < 2);
      if (fail) failuresSoFar.set(delivery, failed + 1);
      res.writeHead(fail ? (down ? 503 : 500) : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

for (const { runtime, baseUrl, webhookKey } of inject("servers")) {
  const auth = { authorization: `Bearer ${webhookKey}` };
  /** Each runtime's deliveries, told apart by the path prefix its webhooks were given. */
  const at = (name: string) => `/${runtime}/${name}`;

  // biome-ignore lint/suspicious/noExplicitAny: the test reads bodies of several shapes
  async function api(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { ...auth, "content-type": "application/json", ...(init.headers ?? {}) },
    });
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  }

  async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 45_000): Promise<T> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  describe(`webhooks through the queue, on ${runtime}`, () => {
    it("deliver signed events, retry a flaky receiver until it answers, and give up on a dead one", async () => {
      const hooks: Record<string, { id: string; secret: string }> = {};
      for (const name of ["ok", "flaky", "down"]) {
        const created = await api("/api/v1/webhooks", {
          method: "POST",
          body: JSON.stringify({ url: `${receiverUrl}${at(name)}`, actions: ["create"] }),
        });
        expect(created.status).toBe(201);
        hooks[name] = created.body;
      }
      const filed = await api("/api/v1/cases", {
        method: "POST",
        headers: { "idempotency-key": `webhook-e2e-${Date.now()}` },
        body: JSON.stringify({ category: "public_service", description: "小区门口垃圾桶满溢，无人清运", station_code: "JH0503V" }),
      });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);

      // The receiver that answers gets the event once, signed with its webhook's secret.
      const first = await eventually("the delivery to /ok", async () => received.find((r) => r.path === at("ok")));
      const timestamp = Number(first.headers["gridstation-timestamp"]);
      expect(await verifyDelivery(hooks.ok!.secret, timestamp, first.body, String(first.headers["gridstation-signature"]))).toBe(true);
      expect(await verifyDelivery(hooks.flaky!.secret, timestamp, first.body, String(first.headers["gridstation-signature"]))).toBe(false);
      const payload = JSON.parse(first.body);
      expect(payload).toMatchObject({
        id: first.headers["gridstation-delivery"],
        webhook_id: hooks.ok!.id,
        type: "case.create",
        event: { case_id: filed.body.id, action: "create" },
      });

      const state = (name: string, status: string) =>
        eventually(`${name} to be ${status}`, async () => {
          const page = await api(`/api/v1/webhooks/${hooks[name]!.id}/deliveries`);
          const delivery = page.body.items.find((d: { status: string }) => d.status === status);
          return delivery as { id: string; status: string; attempts: number; last_status_code: number | null } | undefined;
        });

      const ok = await state("ok", "delivered");
      expect(ok).toMatchObject({ id: payload.id, attempts: 1, last_status_code: 200 });
      const flaky = await state("flaky", "delivered");
      expect(flaky).toMatchObject({ attempts: 3, last_status_code: 200 });
      // Retries carry the same delivery id, so the receiver can tell a retry from a new event.
      expect(received.filter((r) => r.path === at("flaky")).map((r) => r.headers["gridstation-delivery"])).toEqual([
        flaky.id,
        flaky.id,
        flaky.id,
      ]);
      // Nine tries (max_retries = 8), then the dead-letter queue's consumer marks it.
      const down = await state("down", "dead");
      expect(down).toMatchObject({ attempts: 9, last_status_code: 503 });
      expect(received.filter((r) => r.path === at("down"))).toHaveLength(9);
      expect(received.filter((r) => r.path === at("ok"))).toHaveLength(1);
    }, 90_000);
  });
}
