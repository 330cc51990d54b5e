// The channels the settings choose: SMS through Alibaba Cloud, Tencent Cloud or the log, and the
// WeChat Work group robots or the log. The queue consumer asks for them once per batch.
import type { Channel } from "../channel.ts";
import { aliyunSms } from "./aliyun.ts";
import { logChannel } from "./log.ts";
import type { ChannelSettings } from "./settings.ts";
import { tencentSms } from "./tencent.ts";
import { wecomRobot } from "./wecom.ts";

export interface Channels {
  /** Texts to a mobile number; the log channel (name `log`) unless SMS_PROVIDER names a provider. */
  sms: Channel;
  /** Posts to a group robot's webhook; the log channel unless WECOM_PROVIDER=wecom. */
  wecom: Channel;
}

export function channelsFrom(
  config: { notifications: ChannelSettings },
  send?: typeof fetch,
  options: { timeoutMs?: number } = {},
): Channels {
  const { sms, wecom } = config.notifications;
  const call = { ...options, ...(send ? { fetch: send } : {}) };
  return {
    sms:
      sms.provider === "aliyun" ? aliyunSms(sms.aliyun, call) : sms.provider === "tencent" ? tencentSms(sms.tencent, call) : logChannel(),
    wecom: wecom.provider === "wecom" ? wecomRobot({ ...call, ...(wecom.endpoint ? { endpoint: wecom.endpoint } : {}) }) : logChannel(),
  };
}
