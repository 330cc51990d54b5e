// The notification channels' settings (worker/notify/channels/settings.ts through parseConfig):
// `log` by default; a provider chosen without its keys, 短信签名 or templates stops the start.
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../worker/config.ts";
import { NOTIFICATION_KINDS } from "../worker/notify/channel.ts";
import { FAKE_TEMPLATES, fakeProviderVariables } from "./helpers/fake-sms.ts";

const PRODUCTION = { FORM_SECRET: "a long random form secret", ENCRYPTION_KEY: "another long random key value" };

function refused(env: Record<string, string | undefined>): string {
  try {
    parseConfig({ ...PRODUCTION, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("accepted");
}

describe("the channels' settings", () => {
  it("send nothing anywhere by default: SMS and group messages go to the log", () => {
    expect(parseConfig(PRODUCTION).notifications).toEqual({ sms: { provider: "log" }, wecom: { provider: "log", endpoint: null } });
    // Templates or keys left from before do not matter while the provider is the log.
    expect(parseConfig({ ...PRODUCTION, SMS_PROVIDER: "log", SMS_TEMPLATES: "{}", ALIYUN_ACCESS_KEY_ID: "x" }).notifications.sms).toEqual({
      provider: "log",
    });
  });

  it("read Alibaba Cloud's keys, 短信签名, templates and another origin", () => {
    const { notifications } = parseConfig({ ...PRODUCTION, ...fakeProviderVariables("aliyun", "https://sms-gateway.example.cn/") });
    expect(notifications.sms).toEqual({
      provider: "aliyun",
      aliyun: {
        accessKeyId: "LTAI5tFakeGridStationKey",
        accessKeySecret: "fake-aliyun-access-key-secret-0123",
        signName: "杏花岭区网格中心",
        templates: FAKE_TEMPLATES.aliyun,
        endpoint: "https://sms-gateway.example.cn",
      },
    });
  });

  it("read Tencent Cloud's keys, SdkAppId, region and templates, the provider's own origin by default", () => {
    const { notifications } = parseConfig({ ...PRODUCTION, ...fakeProviderVariables("tencent", ""), TENCENT_SMS_REGION: "ap-beijing" });
    expect(notifications.sms).toMatchObject({
      provider: "tencent",
      tencent: {
        sdkAppId: "1400006666",
        region: "ap-beijing",
        templates: FAKE_TEMPLATES.tencent,
        endpoint: "https://sms.tencentcloudapi.com",
      },
    });
  });

  it("refuse a provider without its keys, 短信签名 or templates, naming each", () => {
    const message = refused({ SMS_PROVIDER: "aliyun" });
    for (const name of ["ALIYUN_ACCESS_KEY_ID is not set", "ALIYUN_ACCESS_KEY_SECRET is not set", "SMS_SIGN_NAME is not set"])
      expect(message).toContain(name);
    expect(message).toContain(`SMS_TEMPLATES has no template for ${NOTIFICATION_KINDS.join(", ")}`);
    expect(refused({ ...fakeProviderVariables("tencent", ""), TENCENT_SECRET_KEY: "" })).toBe(
      "TENCENT_SECRET_KEY is not set (SMS_PROVIDER=tencent needs it)",
    );
    const { case_reopened: _, ...fiveKinds } = FAKE_TEMPLATES.aliyun;
    expect(refused({ ...fakeProviderVariables("aliyun", ""), SMS_TEMPLATES: JSON.stringify(fiveKinds) })).toBe(
      "SMS_TEMPLATES has no template for case_reopened (SMS_PROVIDER=aliyun needs one per kind)",
    );
  });

  it("refuse templates that are not JSON, name no kind, or are written as the other provider writes them", () => {
    expect(refused({ ...fakeProviderVariables("aliyun", ""), SMS_TEMPLATES: "case_arrived=SMS_1" })).toContain(
      "SMS_TEMPLATES must be JSON",
    );
    expect(
      refused({
        ...fakeProviderVariables("aliyun", ""),
        SMS_TEMPLATES: JSON.stringify({ ...FAKE_TEMPLATES.aliyun, case_closed: "SMS_123456" }),
      }),
    ).toBe("SMS_TEMPLATES: case_closed is not a notification kind");
    expect(
      refused({
        ...fakeProviderVariables("tencent", ""),
        SMS_TEMPLATES: JSON.stringify({ ...FAKE_TEMPLATES.tencent, case_urged: "SMS_480100002" }),
      }),
    ).toBe("SMS_TEMPLATES: case_urged is SMS_480100002, not a numeric template id");
    expect(
      refused({
        ...fakeProviderVariables("aliyun", ""),
        SMS_TEMPLATES: JSON.stringify({ ...FAKE_TEMPLATES.aliyun, case_urged: "2100002" }),
      }),
    ).toBe("SMS_TEMPLATES: case_urged is 2100002, not a template code such as SMS_123456789");
  });

  it("refuse an unknown provider, region, SdkAppId or endpoint", () => {
    expect(refused({ SMS_PROVIDER: "twilio" })).toBe("SMS_PROVIDER must be log, aliyun or tencent");
    expect(refused({ WECOM_PROVIDER: "dingtalk" })).toBe("WECOM_PROVIDER must be log or wecom");
    expect(refused({ TENCENT_SMS_REGION: "ap-shanghai" })).toBe("TENCENT_SMS_REGION must be one of ap-guangzhou, ap-beijing, ap-nanjing");
    expect(refused({ ...fakeProviderVariables("tencent", ""), TENCENT_SMS_SDK_APP_ID: "my-app" })).toBe(
      "TENCENT_SMS_SDK_APP_ID must be the SMS application's SdkAppId, digits such as 1400006666",
    );
    expect(refused({ SMS_ENDPOINT: "sms-gateway.local" })).toBe(
      "SMS_ENDPOINT must be an http(s) URL such as https://sms-gateway.example.cn",
    );
    expect(refused({ WECOM_ENDPOINT: "ftp://wecom.example.cn" })).toBe(
      "WECOM_ENDPOINT must be an http(s) URL such as https://wecom-gateway.example.cn",
    );
  });

  it("read the group robots' switch and origin", () => {
    expect(parseConfig({ ...PRODUCTION, WECOM_PROVIDER: "wecom", WECOM_ENDPOINT: "http://127.0.0.1:9000/" }).notifications.wecom).toEqual({
      provider: "wecom",
      endpoint: "http://127.0.0.1:9000",
    });
  });
});
