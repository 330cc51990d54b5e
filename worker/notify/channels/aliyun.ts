// Alibaba Cloud SMS (dysmsapi 2017-05-25, SendSms) signed with the V3 request signature
// ACS3-HMAC-SHA256, the method Alibaba Cloud recommends over the older RPC HMAC-SHA1:
// https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
// Written on Web Crypto because the official SDKs need Node's HTTP stack, which workerd lacks.

import { sha256Hex, toHex } from "../../lib/encoding.ts";
import { hmacSha256 } from "../../lib/hmac.ts";
import type { Channel, NotificationKind, Outgoing, SendResult } from "../channel.ts";
import { type CallOptions, callProvider, retryAfterOf } from "./call.ts";
import { mainlandMobile, templateValues } from "./templates.ts";

export const ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com";
const ACTION = "SendSms";
const VERSION = "2017-05-25";

export interface AliyunSettings {
  accessKeyId: string;
  accessKeySecret: string;
  /** 短信签名, as approved in the SMS console. */
  signName: string;
  /** The approved template code (SMS_…) of each kind. */
  templates: Record<NotificationKind, string>;
  /** The provider's origin, or a private gateway's (SMS_ENDPOINT). */
  endpoint: string;
}

/** RFC 3986 as the V3 signature wants it: only A–Z a–z 0–9 - _ . ~ left as they are. */
function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(params: [string, string][]): string {
  return params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

export interface Acs3Request {
  method: string;
  host: string;
  pathname: string;
  query: [string, string][];
  /** The x-acs-* headers (and content-type, if any) besides host and x-acs-content-sha256. */
  headers: Record<string, string>;
  body: string;
}

/** The `Authorization` header of a V3-signed request, and the x-acs-content-sha256 it signs. */
export async function acs3Sign(request: Acs3Request, accessKeyId: string, accessKeySecret: string) {
  const contentSha256 = await sha256Hex(request.body);
  const headers = Object.entries({ ...request.headers, host: request.host, "x-acs-content-sha256": contentSha256 })
    .map(([name, value]) => [name.toLowerCase(), value.trim()] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const signedHeaders = headers.map(([name]) => name).join(";");
  const canonicalRequest = [
    request.method.toUpperCase(),
    request.pathname
      .split("/")
      .map((segment) => percentEncode(decodeURIComponent(segment)))
      .join("/") || "/",
    canonicalQuery(request.query),
    headers.map(([name, value]) => `${name}:${value}\n`).join(""),
    signedHeaders,
    contentSha256,
  ].join("\n");
  const stringToSign = `ACS3-HMAC-SHA256\n${await sha256Hex(canonicalRequest)}`;
  const signature = toHex(await hmacSha256(accessKeySecret, stringToSign));
  return {
    authorization: `ACS3-HMAC-SHA256 Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
    contentSha256,
  };
}

/** Codes that say "not now": flow control per number or account, and the provider's own trouble. */
const RETRY = /^(isv\.BUSINESS_LIMIT_CONTROL|isv\.DAY_LIMIT_CONTROL|Throttling(\..+)?|isp\.SYSTEM_ERROR|ServiceUnavailable|InternalError)$/;

/** isv.BUSINESS_LIMIT_CONTROL says which window was full (分钟级 / 小时级 / 天级流控). */
function flowControlWait(message: string): number | undefined {
  if (message.includes("分钟")) return 60;
  if (message.includes("小时")) return 3600;
  if (message.includes("天")) return 86_400;
  return undefined;
}

function resultOf(status: number, body: unknown, headers: Headers): SendResult {
  const { Code: code, Message: text = "", BizId: bizId } = (body ?? {}) as { Code?: string; Message?: string; BizId?: string };
  if (code === "OK") return { outcome: "sent", answer: `OK BizId=${bizId ?? "?"}` };
  const answer = `${code ?? `HTTP ${status}`}: ${text}`;
  if (code && RETRY.test(code)) {
    const wait = retryAfterOf(headers) ?? flowControlWait(text);
    return wait ? { outcome: "retry", answer, retryAfterSeconds: wait } : { outcome: "retry", answer };
  }
  return status === 429 ? { outcome: "retry", answer } : { outcome: "failed", answer };
}

export function aliyunSms(settings: AliyunSettings, options: CallOptions & { now?: () => Date } = {}): Channel {
  return {
    name: "sms",
    async send(message: Outgoing): Promise<SendResult> {
      const phone = mainlandMobile(message.to);
      if (!phone) return { outcome: "failed", answer: "not a mainland mobile number" };
      const template = templateValues(message);
      if ("missing" in template) return { outcome: "failed", answer: `template variable ${template.missing} missing` };
      const url = new URL(settings.endpoint);
      const query: [string, string][] = [
        ["PhoneNumbers", phone],
        ["SignName", settings.signName],
        ["TemplateCode", settings.templates[message.kind]],
        ["TemplateParam", JSON.stringify(Object.fromEntries(template.values))],
        // Alibaba's field for the caller's own id: the delivery log and the provider's receipts meet on it.
        ["OutId", message.id],
      ];
      const headers = {
        "x-acs-action": ACTION,
        "x-acs-version": VERSION,
        "x-acs-date": (options.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
        "x-acs-signature-nonce": crypto.randomUUID().replaceAll("-", ""),
      };
      const signed = await acs3Sign(
        { method: "POST", host: url.host, pathname: url.pathname, query, headers, body: "" },
        settings.accessKeyId,
        settings.accessKeySecret,
      );
      url.search = canonicalQuery(query);
      const answer = await callProvider(
        url.href,
        {
          headers: {
            ...headers,
            "x-acs-content-sha256": signed.contentSha256,
            authorization: signed.authorization,
            accept: "application/json",
          },
        },
        options,
      );
      return "unanswered" in answer ? answer.unanswered : resultOf(answer.status, answer.body, answer.headers);
    },
  };
}
