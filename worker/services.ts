import type { Bindings } from "./bindings.ts";
import { type Config, configOf } from "./config.ts";
import { type Database, databaseFor } from "./db.ts";
import { type Channels, channelsFrom } from "./notify/channels/index.ts";
import type { WebhookMessage } from "./webhooks/messages.ts";

/**
 * Where residents' photos are kept: R2 on Cloudflare, a folder (selfhost/photos.ts) on a
 * district's server. The calls the app makes, nothing more.
 */
export interface PhotoStore {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; body: ReadableStream; httpMetadata?: { contentType?: string } } | null>;
  delete(keys: string[]): Promise<void>;
}

/**
 * What shrinks a photo: Cloudflare's Images binding, or sharp behind the same calls
 * (selfhost/images.ts). Only the calls the app makes.
 */
export type PhotoImages = Pick<ImagesBinding, "input">;

/** A limiter of calls per key in a window: the Rate Limiting binding, or selfhost/rate-limit.ts. */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/**
 * The app's platform, made in one place from the environment: routes and the scheduled and queue
 * handlers take these; domain code takes what it needs of them as parameters. On Cloudflare they
 * are the bindings themselves; the self-hosted runtime gives bindings of the same shape
 * (selfhost/bindings.ts). The client's address and background work belong to a request:
 * routes/client-address.ts and the execution context's `waitUntil`.
 */
export interface Services {
  db: Database;
  /** The database as D1's API, for the one call that needs no query builder (`/healthz/db`). */
  d1: D1Database;
  photos: PhotoStore;
  images: PhotoImages;
  webhooks: Queue<WebhookMessage>;
  limiters: { signIn: RateLimiter; report: RateLimiter; reportAddress: RateLimiter; api: RateLimiter; followUp: RateLimiter };
  config: Config;
  /** How notifications go out: the channels the configuration chose (the log by default). */
  notify: { channels: Channels };
}

const made = new WeakMap<object, Services>();

export function servicesOf(env: Bindings): Services {
  let services = made.get(env);
  if (!services) {
    const config = configOf(env);
    services = {
      db: databaseFor(env.DB),
      d1: env.DB,
      photos: env.PHOTOS as unknown as PhotoStore,
      images: env.IMAGES,
      webhooks: env.WEBHOOKS,
      limiters: {
        signIn: env.SIGN_IN_LIMITER,
        report: env.REPORT_LIMITER,
        reportAddress: env.REPORT_ADDRESS_LIMITER,
        api: env.API_LIMITER,
        followUp: env.FOLLOW_UP_LIMITER,
      },
      config,
      notify: { channels: channelsFrom(config) },
    };
    made.set(env, services);
  }
  return services;
}
