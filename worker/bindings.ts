import type { WebhookMessage } from "./webhooks/messages.ts";

/** The bindings declared in wrangler.toml. */
export interface Bindings {
  DB: D1Database;
  ASSETS: Fetcher;
  /** Residents' photos. */
  PHOTOS: R2Bucket;
  /** Shrinks and re-encodes residents' photos (Cloudflare Images; sharp on the self-hosted runtime). */
  IMAGES: ImagesBinding;
  SIGN_IN_LIMITER: RateLimit;
  REPORT_LIMITER: RateLimit;
  REPORT_ADDRESS_LIMITER: RateLimit;
  API_LIMITER: RateLimit;
  FOLLOW_UP_LIMITER: RateLimit;
  /** Webhook fan-out and deliveries (worker/webhooks/consumer.ts). */
  WEBHOOKS: Queue<WebhookMessage>;
  /** The first retry's delay in seconds, doubling after (default 30). */
  WEBHOOK_RETRY_BASE_SECONDS: string;
  /** Signs the report form's tokens; set with `wrangler secret put FORM_SECRET` in production. */
  FORM_SECRET: string;
  /** Seals secrets stored in D1 (TOTP seeds, webhook signing secrets); `wrangler secret put ENCRYPTION_KEY`. */
  ENCRYPTION_KEY: string;
  /**
   * Keys being rotated out (comma-separated): they still open what they sealed until
   * `npm run admin -- secrets reseal` has moved every secret to ENCRYPTION_KEY.
   */
  ENCRYPTION_KEYS_PREVIOUS?: string;
  /** Days after closing that a reporter's name and number are erased (default 365). */
  RETENTION_DAYS: string;
  /** The origin printed in QR codes (e.g. https://grid.example.cn); empty: the request's origin. */
  PUBLIC_BASE_URL: string;
  /**
   * `development` on a developer's machine (`npm start`, the tests) and nowhere else: receivers on
   * private networks may then be webhook targets. Unset in production.
   */
  GRIDSTATION_ENV?: string;
  /** ICP 备案号 and 公安备案号 for the resident pages' footer; empty: none shown. */
  ICP_FILING: string;
  PUBLIC_SECURITY_FILING: string;
  /** The city and province of the district, for HSDS addresses (stations store one address line). */
  DISTRICT_CITY: string;
  DISTRICT_PROVINCE: string;
  /** Open311 `jurisdiction_id`s accepted, comma-separated, this endpoint's own first (default `xhl`). */
  OPEN311_JURISDICTIONS?: string;
  /** Open311 discovery's `key_service`: where an integrator asks for an API key (a URL or a contact). */
  OPEN311_KEY_SERVICE?: string;
  /** Origins of web apps allowed keyed calls and writes from a browser (CORS), separated by commas or spaces; empty: none. */
  CORS_ORIGINS?: string;
  /** Who carries SMS: `log` (the default: nothing is sent), `aliyun` or `tencent` (worker/notify/channels/). */
  SMS_PROVIDER?: string;
  /** 短信签名 as the provider approved it, e.g. 杏花岭区网格中心. */
  SMS_SIGN_NAME?: string;
  /** The provider's approved template per notification kind, as JSON: {"case_arrived": "SMS_123456789", …}. */
  SMS_TEMPLATES?: string;
  /** Another origin for the SMS provider's API: a private gateway, or a fake provider in tests; empty: the provider's own. */
  SMS_ENDPOINT?: string;
  /** Alibaba Cloud AccessKey of a RAM user allowed dysms:SendSms only (secrets: `wrangler secret put`). */
  ALIYUN_ACCESS_KEY_ID?: string;
  ALIYUN_ACCESS_KEY_SECRET?: string;
  /** Tencent Cloud API key of a sub-user allowed sms:SendSms only (secrets), and the SMS application's SdkAppId. */
  TENCENT_SECRET_ID?: string;
  TENCENT_SECRET_KEY?: string;
  TENCENT_SMS_SDK_APP_ID?: string;
  /** The region Tencent's SendSms is called in: ap-guangzhou (default), ap-beijing or ap-nanjing. */
  TENCENT_SMS_REGION?: string;
  /** `log` (the default) or `wecom`: whether group messages go to the WeChat Work robots. */
  WECOM_PROVIDER?: string;
  /** Another origin for the robots' webhook (a gateway, or a fake in tests); empty: https://qyapi.weixin.qq.com. */
  WECOM_ENDPOINT?: string;
  /** Quiet hours in Asia/Shanghai (default "22:00-07:00"; "off" for none): only emergencies go out inside them. */
  NOTIFY_QUIET_HOURS?: string;
  /** SMS to one number per hour, at most (default 5). */
  NOTIFY_SMS_PER_HOUR?: string;
  /** SMS in the district per day (Asia/Shanghai), at most (default 2000). */
  NOTIFY_SMS_DAILY_BUDGET?: string;
}
