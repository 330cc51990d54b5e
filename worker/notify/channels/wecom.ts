// A WeChat Work (企业微信) group robot: a webhook per area's staff group, a plain-text message.
// https://developer.work.weixin.qq.com/document/path/91770
import type { Channel, Outgoing, SendResult } from "../channel.ts";
import { type CallOptions, callProvider } from "./call.ts";

export const WECOM_ORIGIN = "https://qyapi.weixin.qq.com";
const PATH = "/cgi-bin/webhook/send";
/** A text message's content is at most 2048 bytes of UTF-8. */
const MAX_CONTENT_BYTES = 2048;
/** A robot takes 20 messages a minute. */
const RATE_WINDOW_SECONDS = 60;

/** The robot's key if `url` is a group robot's webhook address (what an admin pastes from the group's settings). */
export function wecomRobotKey(url: string): string | null {
  try {
    const parsed = new URL(url);
    const key = parsed.searchParams.get("key");
    return parsed.origin === WECOM_ORIGIN && parsed.pathname === PATH && key && /^[\w-]{8,64}$/.test(key) ? key : null;
  } catch {
    return null;
  }
}

function fitted(text: string): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= MAX_CONTENT_BYTES) return text;
  // Cut on a character boundary, leaving room for the ellipsis (3 bytes).
  return `${new TextDecoder().decode(bytes.slice(0, MAX_CONTENT_BYTES - 3)).replace(/\uFFFD+$/, "")}…`;
}

/** The members who keep group messages on are @-mentioned by number (the outbox's `mention` list). */
function mentionsOf(message: Outgoing): { mentioned_mobile_list?: string[] } {
  const numbers = (message.params.mention ?? "").split(",").filter(Boolean);
  return numbers.length ? { mentioned_mobile_list: numbers } : {};
}

function resultOf(body: unknown): SendResult {
  const { errcode, errmsg = "" } = (body ?? {}) as { errcode?: number; errmsg?: string };
  const answer = `errcode ${errcode ?? "?"}: ${errmsg}`;
  if (errcode === 0) return { outcome: "sent", answer };
  if (errcode === 45009) return { outcome: "retry", answer, retryAfterSeconds: RATE_WINDOW_SECONDS };
  // -1: 系统繁忙.
  if (errcode === -1) return { outcome: "retry", answer };
  // 93000 (the key is wrong or the robot removed), a bad message: retrying cannot help.
  return { outcome: "failed", answer };
}

/**
 * Posts to the robot named by `message.to`. Only WeChat Work's own address is accepted (the URL
 * comes from an admin's form, so it must not become a way to reach other hosts); `endpoint`
 * (WECOM_ENDPOINT) sends the same path and key to another origin instead: a gateway, or a fake.
 */
export function wecomRobot(options: CallOptions & { endpoint?: string } = {}): Channel {
  return {
    name: "wecom",
    async send(message: Outgoing): Promise<SendResult> {
      const key = wecomRobotKey(message.to);
      if (!key) return { outcome: "failed", answer: "not a WeChat Work group robot address" };
      const url = new URL(`${PATH}?key=${encodeURIComponent(key)}`, options.endpoint ?? WECOM_ORIGIN);
      const answer = await callProvider(
        url.href,
        {
          body: JSON.stringify({ msgtype: "text", text: { content: fitted(message.text), ...mentionsOf(message) } }),
          headers: { "content-type": "application/json" },
        },
        options,
      );
      return "unanswered" in answer ? answer.unanswered : resultOf(answer.body);
    },
  };
}
