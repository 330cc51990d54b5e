// Tencent Cloud SMS (sms 2021-01-11, SendSms) signed with TC3-HMAC-SHA256 as Tencent documents it:
// https://www.tencentcloud.com/document/product/382/40467 (中文: https://cloud.tencent.com/document/api/382/52072).
// Written on Web Crypto because the official SDK needs Node's HTTP stack, which workerd lacks.

import { sha256Hex, toHex } from "../../lib/encoding.ts";
import { hmacSha256 } from "../../lib/hmac.ts";
import type { Channel, NotificationKind, Outgoing, SendResult } from "../channel.ts";
import { type CallOptions, callProvider } from "./call.ts";
import { mainlandMobile, templateValues } from "./templates.ts";

export const TENCENT_ENDPOINT = "https://sms.tencentcloudapi.com";
const SERVICE = "sms";
const ACTION = "SendSms";
const VERSION = "2021-01-11";
const CONTENT_TYPE = "application/json; charset=utf-8";

export interface TencentSettings {
  secretId: string;
  secretKey: string;
  /** The SMS application's SdkAppId (短信应用). */
  sdkAppId: string;
  /** 短信签名, as approved in the SMS console. */
  signName: string;
  /** The approved template id (digits) of each kind. */
  templates: Record<NotificationKind, string>;
  /** ap-guangzhou, ap-beijing or ap-nanjing: SendSms needs one. */
  region: string;
  /** The provider's origin, or a private gateway's (SMS_ENDPOINT). */
  endpoint: string;
}

export interface Tc3Request {
  host: string;
  service: string;
  action: string;
  /** Seconds since the epoch: X-TC-Timestamp, and the credential scope's UTC date. */
  timestamp: number;
  contentType: string;
  payload: string;
}

/**
 * The `Authorization` header of a TC3-signed POST. It signs content-type, host and x-tc-action
 * (Tencent's examples sign the first two; the action too keeps a request from being replayed as another).
 */
export async function tc3Authorization(
  request: Tc3Request,
  secretId: string,
  secretKey: string,
  signed = ["content-type", "host", "x-tc-action"],
) {
  const values: Record<string, string> = {
    "content-type": request.contentType,
    host: request.host,
    "x-tc-action": request.action.toLowerCase(),
  };
  const signedHeaders = signed.join(";");
  const canonicalRequest = [
    "POST",
    "/",
    "",
    signed.map((name) => `${name}:${values[name]}\n`).join(""),
    signedHeaders,
    await sha256Hex(request.payload),
  ].join("\n");
  const date = new Date(request.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${request.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${request.timestamp}\n${scope}\n${await sha256Hex(canonicalRequest)}`;
  const secretDate = await hmacSha256(`TC3${secretKey}`, date);
  const secretService = await hmacSha256(secretDate, request.service);
  const secretSigning = await hmacSha256(secretService, "tc3_request");
  const signature = toHex(await hmacSha256(secretSigning, stringToSign));
  return `TC3-HMAC-SHA256 Credential=${secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** Codes that say "not now": request or per-number frequency limits, and Tencent's own trouble. */
const RETRY = /^(RequestLimitExceeded(\..+)?|LimitExceeded\..+|InternalError(\..+)?|ResourceUnavailable\..+)$/;

/** The per-number limits say which window was full. */
function limitWait(code: string): number | undefined {
  if (code.includes("ThirtySecond")) return 30;
  if (code.includes("OneHour")) return 3600;
  if (code.includes("Daily")) return 86_400;
  return undefined;
}

function classified(code: string, answer: string): SendResult {
  if (!RETRY.test(code)) return { outcome: "failed", answer };
  const wait = limitWait(code);
  return wait ? { outcome: "retry", answer, retryAfterSeconds: wait } : { outcome: "retry", answer };
}

interface TencentAnswer {
  Response?: {
    Error?: { Code: string; Message?: string };
    SendStatusSet?: { Code: string; Message?: string; SerialNo?: string; PhoneNumber?: string }[];
    RequestId?: string;
  };
}

function resultOf(status: number, body: unknown): SendResult {
  const response = (body as TencentAnswer)?.Response;
  if (!response) return { outcome: status === 429 ? "retry" : "failed", answer: `HTTP ${status}, no Response` };
  if (response.Error) return classified(response.Error.Code, `${response.Error.Code}: ${response.Error.Message ?? ""}`);
  // One number per request, so its status is the answer.
  const number = response.SendStatusSet?.[0];
  if (!number) return { outcome: "failed", answer: "no SendStatusSet in the answer" };
  if (number.Code === "Ok") return { outcome: "sent", answer: `Ok SerialNo=${number.SerialNo ?? "?"}` };
  return classified(number.Code, `${number.Code}: ${number.Message ?? ""}`);
}

export function tencentSms(settings: TencentSettings, options: CallOptions & { now?: () => Date } = {}): Channel {
  return {
    name: "sms",
    async send(message: Outgoing): Promise<SendResult> {
      const phone = mainlandMobile(message.to);
      if (!phone) return { outcome: "failed", answer: "not a mainland mobile number" };
      const template = templateValues(message);
      if ("missing" in template) return { outcome: "failed", answer: `template variable ${template.missing} missing` };
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: settings.sdkAppId,
        SignName: settings.signName,
        TemplateId: settings.templates[message.kind],
        TemplateParamSet: template.values.map(([, value]) => value),
        // Echoed back in the answer and the delivery receipts: the notification's id.
        SessionContext: message.id,
      });
      const url = new URL(settings.endpoint);
      const timestamp = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
      const authorization = await tc3Authorization(
        { host: url.host, service: SERVICE, action: ACTION, timestamp, contentType: CONTENT_TYPE, payload },
        settings.secretId,
        settings.secretKey,
      );
      const answer = await callProvider(
        url.href,
        {
          body: payload,
          headers: {
            authorization,
            "content-type": CONTENT_TYPE,
            "x-tc-action": ACTION,
            "x-tc-version": VERSION,
            "x-tc-timestamp": String(timestamp),
            "x-tc-region": settings.region,
          },
        },
        options,
      );
      return "unanswered" in answer ? answer.unanswered : resultOf(answer.status, answer.body);
    },
  };
}
