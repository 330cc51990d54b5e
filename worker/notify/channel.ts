// The one interface every way of telling someone goes through (issue 21): SMS through Alibaba
// Cloud or Tencent Cloud, a WeChat Work (企业微信) group robot, or the log. The outbox and the
// queue consumer (worker/notify/*) know only this; each provider's signing and error answers live
// in its own adapter under worker/notify/channels/.

/** What a notification is about: one provider template per kind (China requires approved templates). */
export const NOTIFICATION_KINDS = [
  "case_arrived", // a case filed at a grid, or escalated / whistled / dispatched / returned to a level
  "case_urged", // the scheduler's urge, or a case gone overdue (to the holder; the level above when overdue)
  "extension_asked",
  "extension_decided",
  "case_resolved", // to the resident who asked to be told
  "case_reopened",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One message to one recipient, as the outbox stored it. */
export interface Outgoing {
  /** The notification's id: also the provider's duplicate-safe request id (a retry is sent once). */
  id: string;
  kind: NotificationKind;
  /** A mainland mobile number (SMS) or a group robot's webhook URL (WeChat Work). */
  to: string;
  /** The template's variables, e.g. `{ code: "K7QX3M9PAB", level: "网格" }`: never a resident's personal data. */
  params: Record<string, string>;
  /** The same message as plain text, for channels without templates (group robot, log). */
  text: string;
}

/**
 * A provider's answer: `sent`; `retry` (throttled, down, timed out: the queue tries again with
 * backoff, then dead-letters); `failed` (a wrong template, signature or number: retrying cannot help).
 * `answer` is what the provider said, kept for the admins' delivery log.
 */
export type SendResult =
  | { outcome: "sent"; answer: string }
  | { outcome: "retry"; answer: string; retryAfterSeconds?: number }
  | { outcome: "failed"; answer: string };

export interface Channel {
  readonly name: "sms" | "wecom" | "log";
  send(message: Outgoing): Promise<SendResult>;
}
