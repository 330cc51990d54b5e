import type { Bindings } from "../bindings.ts";
import { configOf } from "../config.ts";
import { type Channels, channelsFrom } from "./channels/index.ts";

/** The channel each kind of notification goes out on: SMS, and the areas' WeChat Work group robots. */
export type NotifyChannels = Channels;

/**
 * The one seam between the outbox and the providers: SMS_PROVIDER, WECOM_PROVIDER and their
 * settings choose the adapters (worker/notify/channels/); by default everything goes to the log.
 */
export function notifyChannelsOf(env: Bindings): NotifyChannels {
  return channelsFrom(configOf(env));
}
