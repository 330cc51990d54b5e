import type { Bindings } from "../bindings.ts";
import type { Channel } from "./channel.ts";
import { logChannel } from "./log-channel.ts";

/** The channel each kind of notification goes out on: SMS, and the areas' WeChat Work group robots. */
export interface NotifyChannels {
  sms: Channel;
  wecom: Channel;
}

/**
 * The one seam between the outbox and the providers: SMS_PROVIDER and its settings choose the
 * adapters here (worker/notify/channels/). Until they are wired in, everything goes to the log.
 */
export function notifyChannelsOf(_env: Bindings): NotifyChannels {
  const log = logChannel();
  return { sms: log, wecom: log };
}
