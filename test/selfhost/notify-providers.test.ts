// The channels over real HTTP on this machine: the fake providers as the server end-to-end tests
// point SMS_ENDPOINT at (test/helpers/fake-sms-server.ts), reached with Node's own fetch, and the
// self-hosted runtime taking the providers' secrets from its environment.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDataFolder } from "../../selfhost/bindings.ts";
import { parseConfig } from "../../worker/config.ts";
import type { Outgoing } from "../../worker/notify/channel.ts";
import { channelsFrom } from "../../worker/notify/channels/index.ts";
import { FAKE_WECOM_KEYS, fakeProviderVariables, wecomUrl } from "../helpers/fake-sms.ts";
import { type RunningFakeProviders, startFakeProviders } from "../helpers/fake-sms-server.ts";

const BASE = { FORM_SECRET: "a long random form secret", ENCRYPTION_KEY: "another long random key value" };
const RESOLVED: Outgoing = {
  id: "ntf_01JZ8K4R2V6X9Y0A1B2C3D4E5G",
  kind: "case_resolved",
  to: "13900000002",
  params: { code: "K7QX3M9PAB" },
  text: "您反映的问题已办理完毕，查看答复并评价：http://grid.test/t/K7QX3M9PAB",
};

let providers: RunningFakeProviders;
beforeAll(async () => {
  providers = await startFakeProviders();
});
afterAll(() => providers.close());

describe.each(["aliyun", "tencent"] as const)("%s through the fake provider's HTTP server", (name) => {
  const channels = () =>
    channelsFrom(
      parseConfig({ ...BASE, ...fakeProviderVariables(name, providers.url), WECOM_PROVIDER: "wecom", WECOM_ENDPOINT: providers.url }),
      undefined,
      { timeoutMs: 300 },
    );

  it("is sent, the signature checked against the Host the server saw", async () => {
    const before = providers.received.length;
    expect(await channels().sms.send(RESOLVED)).toMatchObject({ outcome: "sent" });
    expect(providers.received.slice(before)).toEqual([
      expect.objectContaining({ provider: name, id: RESOLVED.id, to: "13900000002", accepted: true }),
    ]);
  });

  it("retries a provider that is down, drops the connection or hangs, and fails a wrong signature", async () => {
    providers.fake.answerNext("down", "refused", "hang", "wrong_signature");
    const sms = channels().sms;
    expect(await sms.send(RESOLVED)).toMatchObject({ outcome: "retry", answer: expect.stringMatching(/^HTTP 50[02]/) });
    expect(await sms.send(RESOLVED)).toEqual({ outcome: "retry", answer: "could not connect" });
    expect(await sms.send(RESOLVED)).toEqual({ outcome: "retry", answer: "no answer within 0.3 s" });
    expect(await sms.send(RESOLVED)).toMatchObject({ outcome: "failed" });
  });

  it("posts to a group robot at WECOM_ENDPOINT", async () => {
    expect(await channels().wecom.send({ ...RESOLVED, to: wecomUrl(FAKE_WECOM_KEYS[0]!) })).toEqual({
      outcome: "sent",
      answer: "errcode 0: ok",
    });
  });
});

describe("the self-hosted runtime", () => {
  it("takes the providers' secrets from its environment, which wrangler.toml names only in comments", () => {
    const { platform } = openDataFolder({
      database: ":memory:",
      data: mkdtempSync(join(tmpdir(), "gridstation-notify-")),
      environment: { ...BASE, ...fakeProviderVariables("tencent", providers.url), UNRELATED_SECRET: "not for the worker" },
    });
    const env = platform.env as unknown as Record<string, string>;
    expect(env.UNRELATED_SECRET).toBeUndefined();
    expect(parseConfig(env).notifications.sms).toMatchObject({
      provider: "tencent",
      tencent: { secretId: "AKIDFakeGridStationSecretId0123456", secretKey: "fake-tencent-secret-key-0123456", sdkAppId: "1400006666" },
    });
    platform.close();
  });
});
