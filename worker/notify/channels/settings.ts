// The channels' settings, read from the environment with the rest of the configuration
// (worker/config.ts): which SMS provider, its credentials (secrets), the 短信签名, one approved
// template per kind, and where the providers are reached.
import { z } from "@hono/zod-openapi";
import { NOTIFICATION_KINDS, type NotificationKind } from "../channel.ts";
import { ALIYUN_ENDPOINT, type AliyunSettings } from "./aliyun.ts";
import { TENCENT_ENDPOINT, type TencentSettings } from "./tencent.ts";

export type SmsSettings =
  | { provider: "log" }
  | { provider: "aliyun"; aliyun: AliyunSettings }
  | { provider: "tencent"; tencent: TencentSettings };

export interface ChannelSettings {
  sms: SmsSettings;
  /** `log` (the default) writes group messages to the log; `wecom` posts them to the groups' robots. */
  wecom: { provider: "wecom" | "log"; endpoint: string | null };
}

const TENCENT_REGIONS = ["ap-guangzhou", "ap-beijing", "ap-nanjing"] as const;

const origin = (name: string, example: string) =>
  z
    .union([z.literal(""), z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL such as ${example}` })])
    .default("")
    .transform((url) => (url ? url.replace(/\/$/, "") : null));

/** The variables' shape, spread into the configuration's schema. */
export const CHANNEL_VARIABLES = {
  SMS_PROVIDER: z.enum(["log", "aliyun", "tencent"], { error: "SMS_PROVIDER must be log, aliyun or tencent" }).default("log"),
  SMS_SIGN_NAME: z.string().trim().max(30, "SMS_SIGN_NAME is a 短信签名 of at most 30 characters").default(""),
  SMS_TEMPLATES: z.string().default(""),
  SMS_ENDPOINT: origin("SMS_ENDPOINT", "https://sms-gateway.example.cn"),
  ALIYUN_ACCESS_KEY_ID: z.string().trim().default(""),
  ALIYUN_ACCESS_KEY_SECRET: z.string().trim().default(""),
  TENCENT_SECRET_ID: z.string().trim().default(""),
  TENCENT_SECRET_KEY: z.string().trim().default(""),
  TENCENT_SMS_SDK_APP_ID: z.string().trim().default(""),
  TENCENT_SMS_REGION: z
    .enum(TENCENT_REGIONS, { error: `TENCENT_SMS_REGION must be one of ${TENCENT_REGIONS.join(", ")}` })
    .default("ap-guangzhou"),
  WECOM_PROVIDER: z.enum(["log", "wecom"], { error: "WECOM_PROVIDER must be log or wecom" }).default("log"),
  WECOM_ENDPOINT: origin("WECOM_ENDPOINT", "https://wecom-gateway.example.cn"),
};

type Variables = { [K in keyof typeof CHANNEL_VARIABLES]: z.output<(typeof CHANNEL_VARIABLES)[K]> };

/** How each provider writes a template's code: Alibaba `SMS_123456789`, Tencent its numeric id. */
const TEMPLATE_CODE = { aliyun: /^SMS_\d{4,20}$/, tencent: /^\d{1,12}$/ } as const;

/** SMS_TEMPLATES: a JSON object from kind to the provider's template code, every kind present. */
function templatesOf(json: string, provider: "aliyun" | "tencent", problems: string[]): Record<NotificationKind, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json || "{}");
  } catch {
    problems.push(`SMS_TEMPLATES must be JSON such as {"case_arrived": "${provider === "aliyun" ? "SMS_123456789" : "1234567"}", …}`);
    return {} as Record<NotificationKind, string>;
  }
  const given = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  for (const name of Object.keys(given)) {
    if (!(NOTIFICATION_KINDS as readonly string[]).includes(name)) problems.push(`SMS_TEMPLATES: ${name} is not a notification kind`);
  }
  const missing = NOTIFICATION_KINDS.filter((kind) => typeof given[kind] !== "string" || !given[kind]);
  if (missing.length)
    problems.push(`SMS_TEMPLATES has no template for ${missing.join(", ")} (SMS_PROVIDER=${provider} needs one per kind)`);
  for (const kind of NOTIFICATION_KINDS) {
    const code = given[kind];
    if (typeof code === "string" && code && !TEMPLATE_CODE[provider].test(code))
      problems.push(
        `SMS_TEMPLATES: ${kind} is ${code}, not a ${provider === "aliyun" ? "template code such as SMS_123456789" : "numeric template id"}`,
      );
  }
  return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, String(given[kind] ?? "")])) as Record<NotificationKind, string>;
}

function required(v: Variables, names: (keyof Variables)[], provider: string, problems: string[]) {
  for (const name of names) if (!v[name]) problems.push(`${name} is not set (SMS_PROVIDER=${provider} needs it)`);
}

/** The settings, or what is wrong with them: a provider chosen without its keys, signature or templates. */
export function channelSettingsOf(v: Variables): { settings: ChannelSettings; problems: string[] } {
  const problems: string[] = [];
  const wecom = { provider: v.WECOM_PROVIDER, endpoint: v.WECOM_ENDPOINT };
  let sms: SmsSettings = { provider: "log" };
  if (v.SMS_PROVIDER === "aliyun") {
    required(v, ["ALIYUN_ACCESS_KEY_ID", "ALIYUN_ACCESS_KEY_SECRET", "SMS_SIGN_NAME"], "aliyun", problems);
    const templates = templatesOf(v.SMS_TEMPLATES, "aliyun", problems);
    sms = {
      provider: "aliyun",
      aliyun: {
        accessKeyId: v.ALIYUN_ACCESS_KEY_ID,
        accessKeySecret: v.ALIYUN_ACCESS_KEY_SECRET,
        signName: v.SMS_SIGN_NAME,
        templates,
        endpoint: v.SMS_ENDPOINT ?? ALIYUN_ENDPOINT,
      },
    };
  } else if (v.SMS_PROVIDER === "tencent") {
    required(v, ["TENCENT_SECRET_ID", "TENCENT_SECRET_KEY", "TENCENT_SMS_SDK_APP_ID", "SMS_SIGN_NAME"], "tencent", problems);
    if (v.TENCENT_SMS_SDK_APP_ID && !/^\d+$/.test(v.TENCENT_SMS_SDK_APP_ID))
      problems.push("TENCENT_SMS_SDK_APP_ID must be the SMS application's SdkAppId, digits such as 1400006666");
    const templates = templatesOf(v.SMS_TEMPLATES, "tencent", problems);
    sms = {
      provider: "tencent",
      tencent: {
        secretId: v.TENCENT_SECRET_ID,
        secretKey: v.TENCENT_SECRET_KEY,
        sdkAppId: v.TENCENT_SMS_SDK_APP_ID,
        signName: v.SMS_SIGN_NAME,
        templates,
        region: v.TENCENT_SMS_REGION,
        endpoint: v.SMS_ENDPOINT ?? TENCENT_ENDPOINT,
      },
    };
  }
  return { settings: { sms, wecom }, problems };
}
