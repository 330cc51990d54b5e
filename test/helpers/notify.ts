import type { NotifyConfig } from "../../worker/config.ts";
import type { Channel, Outgoing, SendResult } from "../../worker/notify/channel.ts";

/** No quiet hours and caps nobody reaches: tests that are about something else send at any hour. */
export const NOTIFY_CONFIG: NotifyConfig = { quietHours: null, smsPerHour: 1000, smsDailyBudget: 100_000 };

/**
 * A channel for tests: records what it was given and answers from `answers` in turn (the last
 * one repeats): `sent`, `retry`, `failed`, or `throw`.
 */
export function recordingChannel(name: Channel["name"], answers: (SendResult["outcome"] | "throw")[] = ["sent"]) {
  const given: Outgoing[] = [];
  const channel: Channel = {
    name,
    async send(message) {
      given.push(message);
      const answer = answers[Math.min(given.length - 1, answers.length - 1)]!;
      if (answer === "throw") throw new Error("connection reset");
      return answer === "retry" ? { outcome: "retry", answer: "throttled" } : { outcome: answer, answer: `${answer} by the test channel` };
    },
  };
  return { channel, given };
}
