import { z } from "@hono/zod-openapi";
import type { Site } from "../portal/site.ts";
import type { Bindings } from "./bindings.ts";
import { type Keyring, keyringOf } from "./lib/secret-box.ts";
import { CHANNEL_VARIABLES, type ChannelSettings, channelSettingsOf } from "./notify/channels/settings.ts";
import { parseQuietHours, type QuietHours } from "./notify/quiet-hours.ts";

/** The app's settings, parsed and checked once per environment: numbers as numbers, secrets present. */
export interface Config {
  development: boolean;
  formSecret: string;
  keys: Keyring;
  /** The origin printed in QR codes; null: the request's own. */
  publicBaseUrl: string | null;
  district: { city: string; province: string };
  retentionDays: number;
  webhookRetryBaseSeconds: number;
  /** The filing numbers resident pages show in their footer (mainland sites must). */
  site: Site;
  open311: {
    /** The `jurisdiction_id`s this endpoint answers to, its own first (no id means that one). */
    jurisdictions: string[];
    /** How an outsider asks for an API key: a URL or a contact, published in discovery. */
    keyService: string;
  };
  /** Web apps (origins) whose browsers may make keyed API calls and writes; public reads are open to any. */
  corsOrigins: string[];
  /** The notification channels: the SMS provider with its keys and templates, the group robots (worker/notify/channels/). */
  notifications: ChannelSettings;
  notify: NotifyConfig;
}

/** How notifications are paced (issue 21): quiet hours, and the caps that stop a storm from costing money. */
export interface NotifyConfig {
  /** null: no quiet hours. */
  quietHours: QuietHours | null;
  /** SMS to one number in any hour, at most. */
  smsPerHour: number;
  /** SMS in the district in one Shanghai day, at most. */
  smsDailyBudget: number;
}

export class ConfigError extends Error {}

/** wrangler.toml's development secrets all start so: fine on a laptop, never in production. */
const DEVELOPMENT_SECRET = /^local-development-/;

const secret = (name: string) => z.string({ error: `${name} is not set` }).min(16, `${name} must be at least 16 characters`);

const ConfigSchema = z.object({
  GRIDSTATION_ENV: z.string().optional(),
  FORM_SECRET: secret("FORM_SECRET"),
  ENCRYPTION_KEY: secret("ENCRYPTION_KEY"),
  ENCRYPTION_KEYS_PREVIOUS: z.string().optional(),
  PUBLIC_BASE_URL: z
    .union([z.literal(""), z.url({ protocol: /^https?$/, error: "PUBLIC_BASE_URL must be an http(s) origin or empty" })])
    .default(""),
  DISTRICT_CITY: z.string().default(""),
  DISTRICT_PROVINCE: z.string().default(""),
  RETENTION_DAYS: z.coerce.number().int().min(1, "RETENTION_DAYS must be a whole number of days, 1 or more").default(365),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  ICP_FILING: z.string().max(60).default(""),
  PUBLIC_SECURITY_FILING: z.string().max(60).default(""),
  OPEN311_JURISDICTIONS: z
    .string()
    .default("xhl")
    .transform((v) =>
      v
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.length > 0 && ids.every((id) => /^[\w.-]{1,64}$/.test(id)), {
      error: "OPEN311_JURISDICTIONS must be one or more ids (letters, digits, . _ -), comma-separated",
    }),
  OPEN311_KEY_SERVICE: z.string().max(300).default(""),
  NOTIFY_QUIET_HOURS: z
    .string()
    .default("22:00-07:00")
    .transform((text) => parseQuietHours(text))
    .refine((hours) => hours !== null, { error: 'NOTIFY_QUIET_HOURS must be like "22:00-07:00", or "off"' }),
  NOTIFY_SMS_PER_HOUR: z.coerce.number().int().min(1, "NOTIFY_SMS_PER_HOUR must be a whole number, 1 or more").default(5),
  NOTIFY_SMS_DAILY_BUDGET: z.coerce.number().int().min(0, "NOTIFY_SMS_DAILY_BUDGET must be a whole number, 0 or more").default(2000),
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((list) => list.split(/[\s,]+/).filter(Boolean))
    .pipe(
      z.array(
        z
          .string()
          .refine(isOrigin, { error: (issue) => `CORS_ORIGINS: ${String(issue.input)} is not an origin such as https://app.example.cn` }),
      ),
    ),
  ...CHANNEL_VARIABLES,
});

/** `https://host[:port]` exactly, as a browser sends it in `Origin` (no path, no trailing slash). */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
}

/** Discovery's `key_service` when the district has not said where keys are asked for. */
const DEFAULT_KEY_SERVICE = "向本区综治中心申请 API 密钥 · Ask the district governance centre for an API key";

const parsed = new WeakMap<object, Config>();

export function parseConfig(env: Partial<Record<keyof Bindings, unknown>>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const named = result.error.issues.map((i) =>
      i.message.startsWith(String(i.path[0])) ? i.message : `${i.path.join(".")}: ${i.message}`,
    );
    throw new ConfigError(named.join("; "));
  }
  const v = result.data;
  const development = v.GRIDSTATION_ENV === "development";
  if (!development) {
    for (const name of ["FORM_SECRET", "ENCRYPTION_KEY"] as const) {
      if (DEVELOPMENT_SECRET.test(v[name]))
        throw new ConfigError(`${name} is the development value from wrangler.toml; set your own secret.`);
    }
  }
  const channels = channelSettingsOf(v);
  if (channels.problems.length) throw new ConfigError(channels.problems.join("; "));
  return {
    development,
    formSecret: v.FORM_SECRET,
    keys: keyringOf(v),
    publicBaseUrl: v.PUBLIC_BASE_URL ? v.PUBLIC_BASE_URL.replace(/\/$/, "") : null,
    district: { city: v.DISTRICT_CITY, province: v.DISTRICT_PROVINCE },
    retentionDays: v.RETENTION_DAYS,
    webhookRetryBaseSeconds: v.WEBHOOK_RETRY_BASE_SECONDS,
    site: { icpFiling: v.ICP_FILING || null, publicSecurityFiling: v.PUBLIC_SECURITY_FILING || null },
    open311: { jurisdictions: v.OPEN311_JURISDICTIONS, keyService: v.OPEN311_KEY_SERVICE || DEFAULT_KEY_SERVICE },
    corsOrigins: v.CORS_ORIGINS,
    notifications: channels.settings,
    notify: {
      quietHours: v.NOTIFY_QUIET_HOURS === "off" ? null : v.NOTIFY_QUIET_HOURS,
      smsPerHour: v.NOTIFY_SMS_PER_HOUR,
      smsDailyBudget: v.NOTIFY_SMS_DAILY_BUDGET,
    },
  };
}

/** The environment's configuration, parsed once (an environment object lives as long as its isolate or process). */
export function configOf(env: Bindings): Config {
  let config = parsed.get(env);
  if (!config) {
    config = parseConfig(env);
    parsed.set(env, config);
  }
  return config;
}
