// The body limit answers from the headers when they suffice, and reads the body only otherwise.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { limitBody } from "../worker/lib/body-limit.ts";

const app = new Hono();
app.use(limitBody({ maxSize: 8, onError: (c) => c.text("too large", 413) }));
app.all("*", async (c) => c.text(`read ${(await c.req.text()).length}`));

const chunked = (text: string) =>
  new ReadableStream({
    start(controller) {
      for (const ch of text) controller.enqueue(new TextEncoder().encode(ch));
      controller.close();
    },
  });

describe("limitBody", () => {
  it("lets bodiless reads through", async () => {
    expect(await (await app.request("/x")).text()).toBe("read 0");
    expect((await app.request("/x", { method: "HEAD" })).status).toBe(200);
  });

  it("judges a declared length, at the limit and past it", async () => {
    expect(await (await app.request("/x", { method: "POST", body: "12345678" })).text()).toBe("read 8");
    const over = await app.request("/x", { method: "POST", body: "123456789" });
    expect([over.status, await over.text()]).toEqual([413, "too large"]);
  });

  it("counts a body sent without a length", async () => {
    const init = { method: "POST", duplex: "half" } as RequestInit;
    expect(await (await app.request("/x", { ...init, body: chunked("1234") })).text()).toBe("read 4");
    expect((await app.request("/x", { ...init, body: chunked("123456789") })).status).toBe(413);
  });
});
