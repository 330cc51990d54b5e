// Local stand-ins for Alibaba Cloud SMS, Tencent Cloud SMS and the WeChat Work group robots that
// check a request as the real ones do: the signature recomputed here from the secret (written apart
// from the adapters' own signing), the time window, the parameters, the 短信签名 and a template this
// "account" has approved. They answer in the providers' own shapes, and can be told to answer
// throttled, bad template or wrong signature, to be down (500), to refuse the connection or to hang.
// Used as an injected `fetch` (inside workerd and on Node) and, through fake-sms-server.ts, as a
// real HTTP server that `wrangler dev` and the self-hosted runtime reach with SMS_ENDPOINT.
import { NOTIFICATION_KINDS, type NotificationKind } from "../../worker/notify/channel.ts";
import { TEMPLATE_VARIABLES } from "../../worker/notify/channels/templates.ts";

export const FAKE_ALIYUN = { accessKeyId: "LTAI5tFakeGridStationKey", accessKeySecret: "fake-aliyun-access-key-secret-0123" };
export const FAKE_TENCENT = {
  secretId: "AKIDFakeGridStationSecretId0123456",
  secretKey: "fake-tencent-secret-key-0123456",
  sdkAppId: "1400006666",
};
export const FAKE_SIGN_NAME = "杏花岭区网格中心";
/** The group robots this fake WeChat Work knows. */
export const FAKE_WECOM_KEYS = ["693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", "1b2f7c52-fake-4c1d-8a0e-robot0000002"];
export const wecomUrl = (key: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`;

/** The templates the fake accounts approved, one per kind: Alibaba's codes and Tencent's ids. */
export const FAKE_TEMPLATES = {
  aliyun: Object.fromEntries(NOTIFICATION_KINDS.map((kind, i) => [kind, `SMS_48010000${i + 1}`])) as Record<NotificationKind, string>,
  tencent: Object.fromEntries(NOTIFICATION_KINDS.map((kind, i) => [kind, `210000${i + 1}`])) as Record<NotificationKind, string>,
};

/** The variables that point the app at the fake (wrangler --var, the self-hosted server's environment, parseConfig). */
export function fakeProviderVariables(provider: "aliyun" | "tencent", origin: string): Record<string, string> {
  const common = {
    SMS_PROVIDER: provider,
    SMS_SIGN_NAME: FAKE_SIGN_NAME,
    SMS_TEMPLATES: JSON.stringify(FAKE_TEMPLATES[provider]),
    SMS_ENDPOINT: origin,
  };
  return provider === "aliyun"
    ? { ...common, ALIYUN_ACCESS_KEY_ID: FAKE_ALIYUN.accessKeyId, ALIYUN_ACCESS_KEY_SECRET: FAKE_ALIYUN.accessKeySecret }
    : {
        ...common,
        TENCENT_SECRET_ID: FAKE_TENCENT.secretId,
        TENCENT_SECRET_KEY: FAKE_TENCENT.secretKey,
        TENCENT_SMS_SDK_APP_ID: FAKE_TENCENT.sdkAppId,
      };
}

export type ForcedAnswer = "throttled" | "number_limited" | "bad_template" | "wrong_signature" | "down" | "refused" | "hang";

export interface Received {
  provider: "aliyun" | "tencent" | "wecom";
  /** OutId (Alibaba) or SessionContext (Tencent): the notification's id; the robot's key for WeChat Work. */
  id: string;
  /** The 11 digits, or the robot's key. */
  to: string;
  template: string | null;
  /** The template's variables by name (Alibaba) or in order (Tencent); the text for a robot. */
  params: Record<string, string> | string[] | string;
  /** The code the fake answered (`OK`, `Ok`, `0` when accepted). */
  answer: string;
  accepted: boolean;
}

const encoder = new TextEncoder();
const toHex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
const sha256 = async (text: string) => toHex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
async function hmac(key: ArrayBuffer | Uint8Array, text: string) {
  const imported = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return crypto.subtle.sign("HMAC", imported, encoder.encode(text));
}

/** RFC 3986 byte by byte: what Alibaba's gateway recomputes the canonical query with. */
function rfc3986(text: string): string {
  let out = "";
  for (const byte of encoder.encode(text)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** The code of a provider's JSON answer (Code, Response.Error.Code or the per-number one, errcode). */
async function codeOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as {
      Code?: string;
      Response?: { Error?: { Code: string }; SendStatusSet?: { Code: string }[] };
      errcode?: number;
    };
    return String(body.Code ?? body.Response?.Error?.Code ?? body.Response?.SendStatusSet?.[0]?.Code ?? body.errcode);
  } catch {
    return `HTTP ${response.status}`;
  }
}

export class FakeProviders {
  /** Every message a provider took in (past its signature check), with its answer. */
  readonly received: Received[] = [];
  /** Every request that reached the fake, whatever became of it: the provider and the code answered. */
  readonly requests: { provider: Received["provider"] | "unknown"; status: number; code: string }[] = [];
  /** The fake's clock, in milliseconds (the signatures' time windows are checked against it). */
  now: () => number = () => Date.now();
  private forced: ForcedAnswer[] = [];
  private nonces = new Set<string>();
  private requestCount = 0;

  /** The next requests get these answers, in order, whatever they hold (then the checks decide again). */
  answerNext(...answers: ForcedAnswer[]) {
    this.forced.push(...answers);
  }

  /** What was accepted for sending, oldest first. */
  sent(): Received[] {
    return this.received.filter((r) => r.accepted);
  }

  /** Forced "refused" and "hang" are for the transport (fetch below, or the HTTP server); they are taken here. */
  takeTransportAnswer(): "refused" | "hang" | null {
    const next = this.forced[0];
    if (next !== "refused" && next !== "hang") return null;
    this.forced.shift();
    return next;
  }

  /** A `fetch` that reaches this fake without a network: for the adapters' `fetch` option. */
  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const transport = this.takeTransportAnswer();
    if (transport === "refused") throw new TypeError("fetch failed: connect ECONNREFUSED");
    if (transport === "hang") {
      await this.handle(request, true);
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        if (!signal) return;
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason));
      });
    }
    return this.handle(request);
  }) as typeof fetch;

  /** Answers one request as the provider it is meant for would. `unanswered`: record it, the caller will not answer. */
  async handle(request: Request, unanswered = false): Promise<Response> {
    this.requestCount++;
    const url = new URL(request.url);
    const forced = unanswered ? undefined : this.forced.shift();
    const provider =
      url.pathname === "/cgi-bin/webhook/send"
        ? "wecom"
        : request.headers.has("x-acs-action")
          ? "aliyun"
          : request.headers.has("x-tc-action")
            ? "tencent"
            : "unknown";
    const response =
      provider === "unknown" ? new Response("no such API", { status: 404 }) : await this[provider](request, url, forced, unanswered);
    this.requests.push({ provider, status: response.status, code: await codeOf(response.clone()) });
    return response;
  }

  private record(entry: Omit<Received, "accepted">, unanswered: boolean) {
    const answer = unanswered ? "(no answer)" : entry.answer;
    this.received.push({ ...entry, answer, accepted: !unanswered && ["OK", "Ok", "0"].includes(entry.answer) });
  }

  // --- Alibaba Cloud: V3 signature (ACS3-HMAC-SHA256), dysmsapi 2017-05-25 SendSms -------------

  private async aliyun(request: Request, url: URL, forced: ForcedAnswer | undefined, unanswered: boolean): Promise<Response> {
    const error = (Code: string, Message: string, status = 400) => json({ RequestId: `fake-${this.requestCount}`, Code, Message }, status);
    if (forced === "down") return new Response("<html>502 Bad Gateway</html>", { status: 502 });
    const body = await request.text();
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      request.headers.get("authorization") ?? "",
    );
    if (!auth) return error("IncompleteSignature", "The request signature does not conform to Aliyun standards.");
    const [, keyId, signedList, signature] = auth as unknown as [string, string, string, string];
    if (keyId !== FAKE_ALIYUN.accessKeyId) return error("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
    const signed = signedList.split(";");
    const mustSign = ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"];
    const present = [...request.headers.keys()].filter((name) => name.startsWith("x-acs-"));
    if (![...mustSign, ...present].every((name) => signed.includes(name)) || signed.join(";") !== [...signed].sort().join(";"))
      return error("IncompleteSignature", `SignedHeaders must list, sorted, host and every x-acs-* header: ${signedList}`);
    const contentSha256 = await sha256(body);
    if (request.headers.get("x-acs-content-sha256") !== contentSha256)
      return error("ContentSHA256NotMatched", "x-acs-content-sha256 is not the body's hash.");
    const headerValue = (name: string) => (name === "host" ? url.host : (request.headers.get(name) ?? "")).trim();
    const query = [...url.searchParams].map(([n, v]) => `${rfc3986(n)}=${rfc3986(v)}`).sort();
    const canonical = [
      request.method,
      url.pathname,
      query.join("&"),
      signed.map((name) => `${name}:${headerValue(name)}\n`).join(""),
      signedList,
      contentSha256,
    ].join("\n");
    const expected = toHex(await hmac(encoder.encode(FAKE_ALIYUN.accessKeySecret), `ACS3-HMAC-SHA256\n${await sha256(canonical)}`));
    if (forced === "wrong_signature" || expected !== signature)
      return error("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
    const date = Date.parse(request.headers.get("x-acs-date") ?? "");
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(request.headers.get("x-acs-date") ?? "") || Math.abs(this.now() - date) > 15 * 60_000)
      return error("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
    const nonce = request.headers.get("x-acs-signature-nonce")!;
    if (this.nonces.has(nonce)) return error("SignatureNonceUsed", "Specified signature nonce was used already.");
    this.nonces.add(nonce);
    if (request.headers.get("x-acs-action") !== "SendSms" || request.headers.get("x-acs-version") !== "2017-05-25")
      return error("InvalidAction.NotFound", "Specified api is not found, please check your url and method.", 404);
    const param = (name: string) => url.searchParams.get(name) ?? "";
    for (const name of ["PhoneNumbers", "SignName", "TemplateCode"])
      if (!param(name)) return error(`Missing${name}`, `${name} is mandatory for this action.`);
    let params: Record<string, string> = {};
    try {
      params = JSON.parse(param("TemplateParam") || "{}");
    } catch {
      return error("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
    }
    const entry = { provider: "aliyun" as const, id: param("OutId"), to: param("PhoneNumbers"), template: param("TemplateCode"), params };
    const answer = (Code: string, Message: string) => {
      this.record({ ...entry, answer: Code }, unanswered);
      return json({ RequestId: `fake-${this.requestCount}`, Code, Message, ...(Code === "OK" ? { BizId: `${this.requestCount}^0` } : {}) });
    };
    if (forced === "throttled") return answer("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1");
    if (forced === "number_limited") return answer("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5");
    if (param("SignName") !== FAKE_SIGN_NAME) return answer("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名");
    const kind = NOTIFICATION_KINDS.find((k) => FAKE_TEMPLATES.aliyun[k] === param("TemplateCode"));
    if (forced === "bad_template" || !kind) return answer("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板");
    const names = TEMPLATE_VARIABLES[kind];
    if (names.some((name) => !params[name]) || Object.keys(params).some((name) => !names.includes(name)))
      return answer("isv.TEMPLATE_MISSING_PARAMETERS", "模板变量缺少对应参数值");
    if (!/^1[3-9]\d{9}$/.test(param("PhoneNumbers"))) return answer("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号");
    return answer("OK", "OK");
  }

  // --- Tencent Cloud: TC3-HMAC-SHA256, sms 2021-01-11 SendSms --------------------------------

  private async tencent(request: Request, url: URL, forced: ForcedAnswer | undefined, unanswered: boolean): Promise<Response> {
    const requestId = `fake-${this.requestCount}`;
    const error = (Code: string, Message: string) => json({ Response: { Error: { Code, Message }, RequestId: requestId } });
    if (forced === "down") return new Response("Internal Server Error", { status: 500 });
    const body = await request.text();
    const auth =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        request.headers.get("authorization") ?? "",
      );
    if (!auth) return error("AuthFailure.InvalidAuthorization", "Credential Authorization invalid.");
    const [, secretId, date, service, signedList, signature] = auth as unknown as [string, string, string, string, string, string];
    if (secretId !== FAKE_TENCENT.secretId) return error("AuthFailure.SecretIdNotFound", "The SecretId is not found.");
    const timestamp = Number(request.headers.get("x-tc-timestamp"));
    if (!Number.isInteger(timestamp) || Math.abs(this.now() / 1000 - timestamp) > 300)
      return error("AuthFailure.SignatureExpire", "Signature expired, the timestamp is too far from the server's time.");
    const signed = signedList.split(";");
    if (!signed.includes("content-type") || !signed.includes("host") || signed.join(";") !== [...signed].sort().join(";"))
      return error("AuthFailure.SignatureFailure", "SignedHeaders must include content-type and host, sorted.");
    const headerValue = (name: string) => (name === "host" ? url.host : (request.headers.get(name) ?? "")).trim().toLowerCase();
    const canonical = [
      "POST",
      "/",
      "",
      signed.map((name) => `${name}:${headerValue(name)}\n`).join(""),
      signedList,
      await sha256(body),
    ].join("\n");
    const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${await sha256(canonical)}`;
    let key: ArrayBuffer | Uint8Array = encoder.encode(`TC3${FAKE_TENCENT.secretKey}`);
    for (const part of [date, service, "tc3_request"]) key = await hmac(key, part);
    const expected = toHex(await hmac(key, stringToSign));
    const dateOfTimestamp = new Date(timestamp * 1000).toISOString().slice(0, 10);
    if (forced === "wrong_signature" || expected !== signature || date !== dateOfTimestamp || service !== "sms")
      return error("AuthFailure.SignatureFailure", "The provided credentials could not be validated.");
    if (request.headers.get("x-tc-action") !== "SendSms" || request.headers.get("x-tc-version") !== "2021-01-11")
      return error("InvalidAction", "The API does not exist.");
    if (!request.headers.get("x-tc-region")) return error("MissingParameter", "The request is missing a required parameter `Region`.");
    let params: {
      PhoneNumberSet?: string[];
      SmsSdkAppId?: string;
      SignName?: string;
      TemplateId?: string;
      TemplateParamSet?: string[];
      SessionContext?: string;
    };
    try {
      params = JSON.parse(body);
    } catch {
      return error("InvalidParameter", "The request body is not JSON.");
    }
    for (const name of ["PhoneNumberSet", "SmsSdkAppId", "TemplateId"] as const)
      if (!params[name]) return error("MissingParameter", `The request is missing a required parameter \`${name}\`.`);
    if (forced === "throttled") return error("RequestLimitExceeded", "The number of requests exceeds the frequency limit.");
    if (params.SmsSdkAppId !== FAKE_TENCENT.sdkAppId) return error("InvalidParameterValue.SdkAppIdNotExist", "SdkAppId does not exist.");
    if (params.SignName !== FAKE_SIGN_NAME) return error("FailedOperation.SignatureIncorrectOrUnapproved", "签名未审批或格式错误。");
    const kind = NOTIFICATION_KINDS.find((k) => FAKE_TEMPLATES.tencent[k] === params.TemplateId);
    if (forced === "bad_template" || !kind) return error("FailedOperation.TemplateIncorrectOrUnapproved", "模板未审批或内容不匹配。");
    if (
      (params.TemplateParamSet ?? []).length !== TEMPLATE_VARIABLES[kind].length ||
      params.TemplateParamSet?.some((v) => typeof v !== "string" || !v)
    )
      return error("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", "请求内容与审核通过的模板内容不匹配。");
    const numbers = params.PhoneNumberSet!;
    const statuses = numbers.map((phone) => {
      const [Code, Message] =
        forced === "number_limited"
          ? ["LimitExceeded.PhoneNumberOneHourLimit", "单个手机号1小时内下发短信条数超过设定的上限"]
          : /^\+861[3-9]\d{9}$/.test(phone)
            ? ["Ok", "send success"]
            : ["InvalidParameterValue.IncorrectPhoneNumber", "手机号格式错误"];
      this.record(
        {
          provider: "tencent",
          id: params.SessionContext ?? "",
          to: phone.replace(/^\+86/, ""),
          template: params.TemplateId!,
          params: params.TemplateParamSet!,
          answer: Code,
        },
        unanswered,
      );
      return {
        SerialNo: `fake:${this.requestCount}`,
        PhoneNumber: phone,
        Fee: Code === "Ok" ? 1 : 0,
        SessionContext: params.SessionContext ?? "",
        Code,
        Message,
        IsoCode: "CN",
      };
    });
    return json({ Response: { SendStatusSet: statuses, RequestId: requestId } });
  }

  // --- WeChat Work group robot ------------------------------------------------------------

  private async wecom(request: Request, url: URL, forced: ForcedAnswer | undefined, unanswered: boolean): Promise<Response> {
    if (forced === "down") return new Response("Bad Gateway", { status: 502 });
    const key = url.searchParams.get("key") ?? "";
    const answer = (errcode: number, errmsg: string, content = "") => {
      this.record({ provider: "wecom", id: key, to: key, template: null, params: content, answer: String(errcode) }, unanswered);
      return json({ errcode, errmsg });
    };
    if (request.method !== "POST") return answer(43004, "require POST method");
    if (forced === "wrong_signature" || !FAKE_WECOM_KEYS.includes(key)) return answer(93000, "invalid webhook url, hint: [fake]");
    let body: { msgtype?: string; text?: { content?: unknown } };
    try {
      body = JSON.parse(await request.text());
    } catch {
      return answer(40058, "invalid json");
    }
    if (forced === "bad_template" || body.msgtype !== "text") return answer(40008, "invalid message type");
    const content = body.text?.content;
    if (typeof content !== "string" || !content) return answer(44004, "empty content");
    if (encoder.encode(content).length > 2048) return answer(40058, "content exceed max length 2048", content);
    if (forced === "throttled" || forced === "number_limited") return answer(45009, "api freq out of limit", content);
    return answer(0, "ok", content);
  }
}
