// The fake providers (fake-sms.ts) as a real HTTP server on this machine, for end-to-end tests:
// point SMS_ENDPOINT (and WECOM_ENDPOINT) of `wrangler dev` or the self-hosted server at `url`
// (fakeProviderVariables() gives the whole set). Node only.
import { createServer, type IncomingMessage } from "node:http";
import { FakeProviders } from "./fake-sms.ts";

export interface RunningFakeProviders {
  /** http://127.0.0.1:<port> */
  url: string;
  fake: FakeProviders;
  /** What the providers took in (FakeProviders.received), and every request with its answer. */
  received: FakeProviders["received"];
  requests: FakeProviders["requests"];
  close(): Promise<void>;
}

async function requestOf(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    ...(body && req.method !== "GET" ? { body } : {}),
  });
}

export async function startFakeProviders(fake = new FakeProviders()): Promise<RunningFakeProviders> {
  const server = createServer(async (req, res) => {
    // What it took in, for a test in another process than the one that started it.
    if (req.method === "GET" && req.url === "/__received") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify(fake.received));
    }
    const transport = fake.takeTransportAnswer();
    // The closest a listening server comes to a refused connection: it is dropped unanswered.
    if (transport === "refused") return void req.socket.destroy();
    const request = await requestOf(req);
    if (transport === "hang") return void (await fake.handle(request, true));
    const response = await fake.handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    fake,
    received: fake.received,
    requests: fake.requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
