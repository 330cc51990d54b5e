// The client's address as the self-hosted server hands it to the app: over what the client sent,
// on the request @hono/node-server made (whose headers and body stay as they were otherwise).
import type { AddressInfo } from "node:net";
import { type HttpBindings, serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClientAddress } from "../../selfhost/client-address.ts";

let trustProxy = false;
let origin = "";
let server: ReturnType<typeof serve>;

beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve(
      {
        port: 0,
        hostname: "127.0.0.1",
        fetch: async (request: Request, env: unknown) => {
          const seen = withClientAddress(request, (env as HttpBindings).incoming, trustProxy);
          return Response.json({
            address: seen.headers.get("cf-connecting-ip"),
            other: seen.headers.get("x-other"),
            body: seen.method === "POST" ? Object.fromEntries(await seen.formData()) : null,
          });
        },
      },
      (info: AddressInfo) => {
        origin = `http://127.0.0.1:${info.port}`;
        resolve();
      },
    );
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the client's address", () => {
  it("is the socket's, over a forged header and X-Real-IP unless the proxy is trusted", async () => {
    trustProxy = false;
    const forged = { "cf-connecting-ip": "203.0.113.9", "x-real-ip": "198.51.100.7", "x-other": "kept" };
    expect(await (await fetch(`${origin}/x`, { headers: forged })).json()).toEqual({ address: "127.0.0.1", other: "kept", body: null });
    trustProxy = true;
    expect(await (await fetch(`${origin}/x`, { headers: forged })).json()).toMatchObject({ address: "198.51.100.7" });
  });

  it("leaves a form's body readable", async () => {
    trustProxy = false;
    const res = await fetch(`${origin}/s/JH0501V/report`, {
      method: "POST",
      headers: { "cf-connecting-ip": "203.0.113.9" },
      body: new URLSearchParams({ category: "safety_hazard", description: "楼道堆物" }),
    });
    expect(await res.json()).toEqual({ address: "127.0.0.1", other: null, body: { category: "safety_hazard", description: "楼道堆物" } });
  });
});
