// The default channel: the message goes to the log and nowhere else, so a development machine
// (or a district that has not set SMS up) never sends anything. Numbers and robot keys are masked.
import type { Channel, Outgoing, SendResult } from "../channel.ts";
import { mainlandMobile } from "./templates.ts";
import { wecomRobotKey } from "./wecom.ts";

/** 138****0001 for a number, the robot's key cut to its first 4 characters for a group, else a stub. */
export function maskedRecipient(to: string): string {
  const phone = mainlandMobile(to);
  if (phone) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const key = wecomRobotKey(to);
  if (key) return `wecom:${key.slice(0, 4)}…`;
  return `${to.slice(0, 3)}…`;
}

export function logChannel(write: (line: string) => void = console.log): Channel {
  return {
    name: "log",
    async send(message: Outgoing): Promise<SendResult> {
      write(JSON.stringify({ notification: message.id, kind: message.kind, to: maskedRecipient(message.to), text: message.text }));
      return { outcome: "sent", answer: "written to the log" };
    },
  };
}
