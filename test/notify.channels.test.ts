// The notification channels (worker/notify/channels/): each provider's signature against its
// published worked example, and each adapter against a fake provider that checks requests as the
// real one does (test/helpers/fake-sms.ts): sent, every class of error answer, down, timed out.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../worker/config.ts";
import type { Outgoing } from "../worker/notify/channel.ts";
import { ALIYUN_ENDPOINT, type AliyunSettings, acs3Sign, aliyunSms, canonicalQuery } from "../worker/notify/channels/aliyun.ts";
import { channelsFrom } from "../worker/notify/channels/index.ts";
import { logChannel, maskedRecipient } from "../worker/notify/channels/log.ts";
import { type TencentSettings, tc3Authorization, tencentSms } from "../worker/notify/channels/tencent.ts";
import { wecomRobot, wecomRobotKey } from "../worker/notify/channels/wecom.ts";
import {
  FAKE_ALIYUN,
  FAKE_SIGN_NAME,
  FAKE_TEMPLATES,
  FAKE_TENCENT,
  FAKE_WECOM_KEYS,
  FakeProviders,
  fakeProviderVariables,
  wecomUrl,
} from "./helpers/fake-sms.ts";

const ARRIVED: Outgoing = {
  id: "ntf_01JZ8K4R2V6X9Y0A1B2C3D4E5F",
  kind: "case_arrived",
  to: "13800000001",
  params: { category: "环境卫生", code: "K7QX3M9PAB", level: "网格" },
  text: "新案件：环境卫生，编号 K7QX3M9PAB，请登录网格工作台处理。",
};

describe("the providers' signatures, against their published worked examples", () => {
  it("Alibaba Cloud V3 (ACS3-HMAC-SHA256) gives the documented Authorization for RunInstances", async () => {
    // https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
    // ("Signature method", steps 1–4: the fixed example values and the signature they give).
    const { authorization, contentSha256 } = await acs3Sign(
      {
        method: "POST",
        host: "ecs.cn-shanghai.aliyuncs.com",
        pathname: "/",
        query: [
          ["RegionId", "cn-shanghai"],
          ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
        ],
        headers: {
          "x-acs-action": "RunInstances",
          "x-acs-version": "2014-05-26",
          "x-acs-date": "2023-10-26T10:22:32Z",
          "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
        },
        body: "",
      },
      "YourAccessKeyId",
      "YourAccessKeySecret",
    );
    expect(contentSha256).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(authorization).toBe(
      "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    );
  });

  it("Alibaba Cloud's canonical query is sorted and RFC 3986 encoded (space %20, * %2A, ~ kept, UTF-8 bytes)", () => {
    expect(
      canonicalQuery([
        ["b", "a b*~"],
        ["a", "中"],
        ["TemplateParam", '{"code":"K7"}'],
      ]),
    ).toBe("TemplateParam=%7B%22code%22%3A%22K7%22%7D&a=%E4%B8%AD&b=a%20b%2A~");
  });

  it("Tencent Cloud TC3-HMAC-SHA256 gives the documented Authorization for DescribeInstances", async () => {
    // https://www.tencentcloud.com/document/product/382/40467 (SMS API, "Signature v3"; 中文
    // https://cloud.tencent.com/document/api/382/52072): SecretId/SecretKey …EXAMPLE, timestamp
    // 1551113065, headers content-type and host, the payload below, and the signature it gives.
    const authorization = await tc3Authorization(
      {
        host: "cvm.tencentcloudapi.com",
        service: "cvm",
        action: "DescribeInstances",
        timestamp: 1551113065,
        contentType: "application/json; charset=utf-8",
        payload: String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`,
      },
      "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
      "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
      ["content-type", "host"],
    );
    expect(authorization).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    );
  });
});

const aliyunSettings = (overrides: Partial<AliyunSettings> = {}): AliyunSettings => ({
  ...FAKE_ALIYUN,
  signName: FAKE_SIGN_NAME,
  templates: FAKE_TEMPLATES.aliyun,
  endpoint: "https://dysmsapi.fake.test",
  ...overrides,
});

const tencentSettings = (overrides: Partial<TencentSettings> = {}): TencentSettings => ({
  ...FAKE_TENCENT,
  signName: FAKE_SIGN_NAME,
  templates: FAKE_TEMPLATES.tencent,
  region: "ap-guangzhou",
  endpoint: "https://sms.fake.test",
  ...overrides,
});

/** The error answers both SMS adapters share, one provider at a time. */
const SMS_PROVIDERS = [
  {
    name: "Alibaba Cloud",
    channel: (fake: FakeProviders, overrides: Record<string, unknown> = {}, timeoutMs?: number) =>
      aliyunSms(aliyunSettings(overrides), { fetch: fake.fetch, ...(timeoutMs ? { timeoutMs } : {}) }),
    wrongSecret: { accessKeySecret: "not-the-secret-the-provider-has" },
    unknownTemplate: { templates: { ...FAKE_TEMPLATES.aliyun, case_arrived: "SMS_999999999" } },
    answers: {
      sent: /^OK BizId=\d+\^0$/,
      throttled: { outcome: "retry", answer: "isv.BUSINESS_LIMIT_CONTROL: 触发分钟级流控Permits:1", retryAfterSeconds: 60 },
      numberLimited: { outcome: "retry", answer: "isv.BUSINESS_LIMIT_CONTROL: 触发小时级流控Permits:5", retryAfterSeconds: 3600 },
      badTemplate: { outcome: "failed", answer: "isv.SMS_TEMPLATE_ILLEGAL: 该账号下找不到对应模板" },
      wrongSignature: { outcome: "failed", answer: "SignatureDoesNotMatch: Specified signature is not matched with our calculation." },
      wrongSignName: { outcome: "failed", answer: "isv.SMS_SIGNATURE_ILLEGAL: 该账号下找不到对应签名" },
      down: { outcome: "retry", answer: "HTTP 502 <html>502 Bad Gateway</html>" },
    },
  },
  {
    name: "Tencent Cloud",
    channel: (fake: FakeProviders, overrides: Record<string, unknown> = {}, timeoutMs?: number) =>
      tencentSms(tencentSettings(overrides), { fetch: fake.fetch, ...(timeoutMs ? { timeoutMs } : {}) }),
    wrongSecret: { secretKey: "not-the-key-the-provider-has" },
    unknownTemplate: { templates: { ...FAKE_TEMPLATES.tencent, case_arrived: "9999999" } },
    answers: {
      sent: /^Ok SerialNo=fake:\d+$/,
      throttled: { outcome: "retry", answer: "RequestLimitExceeded: The number of requests exceeds the frequency limit." },
      numberLimited: {
        outcome: "retry",
        answer: "LimitExceeded.PhoneNumberOneHourLimit: 单个手机号1小时内下发短信条数超过设定的上限",
        retryAfterSeconds: 3600,
      },
      badTemplate: { outcome: "failed", answer: "FailedOperation.TemplateIncorrectOrUnapproved: 模板未审批或内容不匹配。" },
      wrongSignature: { outcome: "failed", answer: "AuthFailure.SignatureFailure: The provided credentials could not be validated." },
      wrongSignName: { outcome: "failed", answer: "FailedOperation.SignatureIncorrectOrUnapproved: 签名未审批或格式错误。" },
      down: { outcome: "retry", answer: "HTTP 500 Internal Server Error" },
    },
  },
] as const;

describe.each(SMS_PROVIDERS)("$name SMS", (provider) => {
  it("sends the template's variables only, to the 11 digits, with the notification's id as the request's own", async () => {
    const fake = new FakeProviders();
    const result = await provider.channel(fake).send({ ...ARRIVED, to: "+86 138 0000 0001" });
    expect(result).toEqual({ outcome: "sent", answer: expect.stringMatching(provider.answers.sent) });
    const templates = provider.name === "Alibaba Cloud" ? FAKE_TEMPLATES.aliyun : FAKE_TEMPLATES.tencent;
    expect(fake.received).toEqual([
      {
        provider: provider.name === "Alibaba Cloud" ? "aliyun" : "tencent",
        id: ARRIVED.id,
        to: "13800000001",
        template: templates.case_arrived,
        // Named for Alibaba, in the template's order for Tencent; never `level`, which is not in the template.
        params: provider.name === "Alibaba Cloud" ? { category: "环境卫生", code: "K7QX3M9PAB" } : ["环境卫生", "K7QX3M9PAB"],
        answer: provider.name === "Alibaba Cloud" ? "OK" : "Ok",
        accepted: true,
      },
    ]);
  });

  it("signs every request afresh (a new nonce or timestamp each time), so a retry is accepted too", async () => {
    const fake = new FakeProviders();
    const channel = provider.channel(fake);
    for (const kind of ["case_resolved", "case_resolved", "extension_asked"] as const)
      expect((await channel.send({ ...ARRIVED, kind, params: { code: "K7QX3M9PAB" } })).outcome).toBe("sent");
    expect(fake.sent()).toHaveLength(3);
  });

  it("is refused by the provider when the secret is wrong, and says so for the delivery log", async () => {
    const fake = new FakeProviders();
    expect(await provider.channel(fake, provider.wrongSecret).send(ARRIVED)).toEqual(provider.answers.wrongSignature);
    expect(fake.received).toEqual([]);
  });

  it("fails a template or 短信签名 the provider has not approved", async () => {
    const fake = new FakeProviders();
    expect(await provider.channel(fake, provider.unknownTemplate).send(ARRIVED)).toEqual(provider.answers.badTemplate);
    expect(await provider.channel(fake, { signName: "别的签名" }).send(ARRIVED)).toEqual(provider.answers.wrongSignName);
    expect(fake.sent()).toEqual([]);
  });

  it("fails without calling the provider when the number is not a mainland mobile or a template variable is missing", async () => {
    const fake = new FakeProviders();
    const channel = provider.channel(fake);
    expect(await channel.send({ ...ARRIVED, to: "0351-1234567" })).toEqual({ outcome: "failed", answer: "not a mainland mobile number" });
    expect(await channel.send({ ...ARRIVED, params: { code: "K7QX3M9PAB" } })).toEqual({
      outcome: "failed",
      answer: "template variable category missing",
    });
    expect(fake.requests).toEqual([]);
  });

  it("maps the provider's answers: throttled and per-number limits retry later, a bad template or signature fails", async () => {
    const fake = new FakeProviders();
    const channel = provider.channel(fake);
    fake.answerNext("throttled", "number_limited", "bad_template", "wrong_signature");
    expect(await channel.send(ARRIVED)).toEqual(provider.answers.throttled);
    expect(await channel.send(ARRIVED)).toEqual(provider.answers.numberLimited);
    expect(await channel.send(ARRIVED)).toEqual(provider.answers.badTemplate);
    expect(await channel.send(ARRIVED)).toEqual(provider.answers.wrongSignature);
    expect(await channel.send(ARRIVED)).toMatchObject({ outcome: "sent" });
    expect(fake.sent()).toHaveLength(1);
  });

  it("retries when the provider is down, refuses the connection or does not answer in time", async () => {
    const fake = new FakeProviders();
    const channel = provider.channel(fake, {}, 50);
    fake.answerNext("down", "refused", "hang");
    expect(await channel.send(ARRIVED)).toEqual(provider.answers.down);
    expect(await channel.send(ARRIVED)).toEqual({ outcome: "retry", answer: "could not connect" });
    expect(await channel.send(ARRIVED)).toEqual({ outcome: "retry", answer: "no answer within 0.05 s" });
    expect(await channel.send(ARRIVED)).toMatchObject({ outcome: "sent" });
  });

  it("is refused when its clock is more than the provider's window off", async () => {
    const fake = new FakeProviders();
    fake.now = () => Date.now() + 20 * 60_000;
    const result = await provider.channel(fake).send(ARRIVED);
    expect(result.outcome).toBe("failed");
    expect(result.answer).toMatch(provider.name === "Alibaba Cloud" ? /^InvalidTimeStamp\.Expired: / : /^AuthFailure\.SignatureExpire: /);
  });
});

describe("the providers' other codes", () => {
  /** A provider that answers `body` with `status`, to read codes the fake has no reason to give. */
  const answering = (status: number, body: unknown) =>
    (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

  it.each([
    [400, "Throttling.User", "retry"],
    [200, "isv.DAY_LIMIT_CONTROL", "retry"],
    [200, "isp.SYSTEM_ERROR", "retry"],
    [200, "isv.AMOUNT_NOT_ENOUGH", "failed"],
    [200, "isv.MOBILE_NUMBER_ILLEGAL", "failed"],
    [404, "InvalidAccessKeyId.NotFound", "failed"],
  ] as const)("Alibaba Cloud: HTTP %i %s → %s", async (status, code, outcome) => {
    const result = await aliyunSms(aliyunSettings(), { fetch: answering(status, { Code: code, Message: "…" }) }).send(ARRIVED);
    expect(result).toEqual({ outcome, answer: `${code}: …` });
  });

  it.each([
    ["InternalError.Timeout", "retry"],
    ["LimitExceeded.DeliveryFrequencyLimit", "retry"],
    ["FailedOperation.InsufficientBalanceInSmsPackage", "failed"],
    ["AuthFailure.SecretIdNotFound", "failed"],
    ["UnauthorizedOperation.SmsSdkAppIdVerifyFail", "failed"],
  ] as const)("Tencent Cloud: %s → %s", async (code, outcome) => {
    const result = await tencentSms(tencentSettings(), {
      fetch: answering(200, { Response: { Error: { Code: code, Message: "…" } } }),
    }).send(ARRIVED);
    expect(result).toEqual({ outcome, answer: `${code}: …` });
  });
});

describe("Tencent Cloud SMS specifics", () => {
  it("fails an SdkAppId the account does not have", async () => {
    const fake = new FakeProviders();
    expect(await tencentSms(tencentSettings({ sdkAppId: "1400000000" }), { fetch: fake.fetch }).send(ARRIVED)).toEqual({
      outcome: "failed",
      answer: "InvalidParameterValue.SdkAppIdNotExist: SdkAppId does not exist.",
    });
  });

  it("reads a per-number failure in SendStatusSet as the answer", async () => {
    // The adapter checks numbers itself; a provider's own stricter check still comes back per number.
    const answer = { Response: { SendStatusSet: [{ Code: "InvalidParameterValue.IncorrectPhoneNumber", Message: "手机号格式错误" }] } };
    const send = (async () => new Response(JSON.stringify(answer))) as unknown as typeof fetch;
    expect(await tencentSms(tencentSettings(), { fetch: send }).send(ARRIVED)).toEqual({
      outcome: "failed",
      answer: "InvalidParameterValue.IncorrectPhoneNumber: 手机号格式错误",
    });
  });
});

describe("WeChat Work group robot", () => {
  const group: Outgoing = { ...ARRIVED, to: wecomUrl(FAKE_WECOM_KEYS[0]!) };
  const robot = (fake: FakeProviders) => wecomRobot({ fetch: fake.fetch, endpoint: "http://wecom.fake.test", timeoutMs: 50 });

  it("posts the text to the robot named by the address, at the configured origin", async () => {
    const fake = new FakeProviders();
    expect(await robot(fake).send(group)).toEqual({ outcome: "sent", answer: "errcode 0: ok" });
    expect(fake.received).toEqual([
      {
        provider: "wecom",
        id: FAKE_WECOM_KEYS[0],
        to: FAKE_WECOM_KEYS[0],
        template: null,
        params: ARRIVED.text,
        answer: "0",
        accepted: true,
      },
    ]);
  });

  it("@-mentions the members the outbox names by number, and no one when it names none", async () => {
    const fake = new FakeProviders();
    const bodies: unknown[] = [];
    const capture: typeof fetch = async (input, init) => {
      bodies.push(JSON.parse(String(init?.body)));
      return fake.fetch(input, init);
    };
    const mentioning = wecomRobot({ fetch: capture, endpoint: "http://wecom.fake.test", timeoutMs: 50 });
    await mentioning.send({ ...group, params: { ...group.params, mention: "13800000001,13800000002" } });
    await mentioning.send(group);
    expect(bodies).toEqual([
      { msgtype: "text", text: { content: ARRIVED.text, mentioned_mobile_list: ["13800000001", "13800000002"] } },
      { msgtype: "text", text: { content: ARRIVED.text } },
    ]);
  });

  it("cuts a text longer than 2048 bytes on a character boundary instead of having it refused", async () => {
    const fake = new FakeProviders();
    expect((await robot(fake).send({ ...group, text: "网格".repeat(800) })).outcome).toBe("sent");
    const content = fake.sent()[0]!.params as string;
    expect(new TextEncoder().encode(content).length).toBeLessThanOrEqual(2048);
    expect(content).toMatch(/^(网格)+网?…$/);
  });

  it("fails a removed robot (93000), retries a full minute (45009), a robot down or not answering", async () => {
    const fake = new FakeProviders();
    expect(await robot(fake).send({ ...group, to: wecomUrl("0000aaaa-gone-robot") })).toEqual({
      outcome: "failed",
      answer: "errcode 93000: invalid webhook url, hint: [fake]",
    });
    fake.answerNext("throttled", "down", "hang", "refused");
    expect(await robot(fake).send(group)).toEqual({
      outcome: "retry",
      answer: "errcode 45009: api freq out of limit",
      retryAfterSeconds: 60,
    });
    expect(await robot(fake).send(group)).toEqual({ outcome: "retry", answer: "HTTP 502 Bad Gateway" });
    expect(await robot(fake).send(group)).toEqual({ outcome: "retry", answer: "no answer within 0.05 s" });
    expect(await robot(fake).send(group)).toEqual({ outcome: "retry", answer: "could not connect" });
  });

  it("posts only to WeChat Work's own robot addresses", async () => {
    const fake = new FakeProviders();
    for (const to of [
      "https://evil.example.cn/cgi-bin/webhook/send?key=693a91f6",
      "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6",
      "13800000001",
    ])
      expect(await robot(fake).send({ ...group, to })).toEqual({ outcome: "failed", answer: "not a WeChat Work group robot address" });
    expect(fake.requests).toEqual([]);
    expect(wecomRobotKey(wecomUrl(FAKE_WECOM_KEYS[1]!))).toBe(FAKE_WECOM_KEYS[1]);
  });
});

describe("the log channel", () => {
  it("writes one JSON line with the number masked, and answers sent", async () => {
    const lines: string[] = [];
    expect(await logChannel((line) => lines.push(line)).send(ARRIVED)).toEqual({ outcome: "sent", answer: "written to the log" });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { notification: ARRIVED.id, kind: "case_arrived", to: "138****0001", text: ARRIVED.text },
    ]);
    expect(lines[0]).not.toContain("13800000001");
  });

  it("masks a robot's key too", () => {
    expect(maskedRecipient(wecomUrl(FAKE_WECOM_KEYS[0]!))).toBe("wecom:693a…");
    expect(maskedRecipient("+8613912345678")).toBe("139****5678");
  });
});

describe("channelsFrom", () => {
  const BASE = { FORM_SECRET: "a long random form secret", ENCRYPTION_KEY: "another long random key value" };

  it("gives the log channel for both unless the settings name a provider", () => {
    const channels = channelsFrom(parseConfig(BASE));
    expect([channels.sms.name, channels.wecom.name]).toEqual(["log", "log"]);
  });

  it.each(["aliyun", "tencent"] as const)("sends through %s at SMS_ENDPOINT, and to the robots at WECOM_ENDPOINT", async (name) => {
    const fake = new FakeProviders();
    const config = parseConfig({
      ...BASE,
      ...fakeProviderVariables(name, "http://sms.fake.test"),
      WECOM_PROVIDER: "wecom",
      WECOM_ENDPOINT: "http://wecom.fake.test",
    });
    const channels = channelsFrom(config, fake.fetch);
    expect([channels.sms.name, channels.wecom.name]).toEqual(["sms", "wecom"]);
    expect(await channels.sms.send(ARRIVED)).toMatchObject({ outcome: "sent" });
    expect(await channels.wecom.send({ ...ARRIVED, to: wecomUrl(FAKE_WECOM_KEYS[1]!) })).toMatchObject({ outcome: "sent" });
    expect(fake.sent().map((r) => r.provider)).toEqual([name, "wecom"]);
  });

  it("reaches the providers' own origins without SMS_ENDPOINT", async () => {
    const urls: string[] = [];
    const send = (async (input: RequestInfo | URL) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ Code: "OK", BizId: "1^0" }));
    }) as typeof fetch;
    const config = parseConfig({ ...BASE, ...fakeProviderVariables("aliyun", "") });
    expect(config.notifications.sms).toMatchObject({ provider: "aliyun", aliyun: { endpoint: ALIYUN_ENDPOINT } });
    await channelsFrom(config, send).sms.send(ARRIVED);
    expect(urls[0]).toMatch(
      /^https:\/\/dysmsapi\.aliyuncs\.com\/\?OutId=ntf_01JZ8K4R2V6X9Y0A1B2C3D4E5F&PhoneNumbers=13800000001&SignName=%E6%9D%8F/,
    );
  });
});
