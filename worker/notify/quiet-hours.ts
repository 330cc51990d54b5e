// Quiet hours (免打扰): inside them a notification that is not about an emergency waits for the
// morning. Times of day are Asia/Shanghai's (UTC+8 all year, no daylight saving).

import { shanghaiDay } from "../lib/time.ts";

const DAY_MS = 24 * 3600 * 1000;
const MINUTE_MS = 60 * 1000;

/** Minutes after Shanghai midnight: when quiet hours start and end (the end may be the next morning). */
export interface QuietHours {
  start: number;
  end: number;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "22:00-07:00" as minutes; "" or "off" for none; null if it is neither (the configuration refuses it). */
export function parseQuietHours(text: string): QuietHours | null | "off" {
  const value = text.trim();
  if (value === "" || value === "off") return "off";
  const [from, to, ...rest] = value.split("-").map((part) => CLOCK.exec(part.trim()));
  if (!from || !to || rest.length > 0) return null;
  const start = Number(from[1]) * 60 + Number(from[2]);
  const end = Number(to[1]) * 60 + Number(to[2]);
  return start === end ? null : { start, end };
}

const minuteOfDay = (now: Date) => Math.floor((now.getTime() - shanghaiDay(now).start.getTime()) / MINUTE_MS);

export function isQuiet(hours: QuietHours, now: Date): boolean {
  const minute = minuteOfDay(now);
  return hours.start < hours.end ? minute >= hours.start && minute < hours.end : minute >= hours.start || minute < hours.end;
}

/** When the quiet hours `now` falls in end (the next time the clock in Shanghai shows `end`). */
export function quietEnds(hours: QuietHours, now: Date): Date {
  let end = shanghaiDay(now).start.getTime() + hours.end * MINUTE_MS;
  if (end <= now.getTime()) end += DAY_MS;
  return new Date(end);
}
