/** Asia/Shanghai has no daylight saving: local time is UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY = 24 * 3600 * 1000;

/** The ISO week (`2026-W48`) of an instant, as seen in Shanghai. */
export function shanghaiWeek(date: Date): string {
  const local = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  const day = local.getUTCDay() || 7; // Monday 1 … Sunday 7
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 4 - day));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / DAY + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

/** Midnight at the start and end of the Shanghai day containing `date`, as instants. */
export function shanghaiDay(date: Date): { start: Date; end: Date } {
  const local = date.getTime() + SHANGHAI_OFFSET_MS;
  const start = Math.floor(local / DAY) * DAY - SHANGHAI_OFFSET_MS;
  return { start: new Date(start), end: new Date(start + DAY) };
}

/** The Monday (Shanghai midnight) starting the week that contains `date`. */
export function shanghaiWeekStart(date: Date): Date {
  const { start } = shanghaiDay(date);
  const weekday = new Date(start.getTime() + SHANGHAI_OFFSET_MS).getUTCDay() || 7;
  return new Date(start.getTime() - (weekday - 1) * DAY);
}

/** The last `count` Shanghai weeks up to the one containing `now`, oldest first, with their Mondays. */
export function recentShanghaiWeeks(now: Date, count: number): { week: string; starts: Date }[] {
  const thisMonday = shanghaiWeekStart(now).getTime();
  return Array.from({ length: count }, (_, i) => {
    const starts = new Date(thisMonday - (count - 1 - i) * 7 * DAY);
    return { week: shanghaiWeek(starts), starts };
  });
}

/** The first Shanghai midnight of the month containing `date`. */
export function shanghaiMonthStart(date: Date): Date {
  const local = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - SHANGHAI_OFFSET_MS);
}

/** A Shanghai calendar date (`2026-12-01`) as the instant of its midnight, or null if it is not one. */
export function shanghaiDate(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const utc = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(utc) || new Date(utc).toISOString().slice(0, 10) !== text) return null;
  return new Date(utc - SHANGHAI_OFFSET_MS);
}

/** The Shanghai calendar date of an instant (`2026-12-01`). */
export function shanghaiDateText(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** A Shanghai date and time to the minute (`2026-12-01 09:30`), as exports and file names show it. */
export function shanghaiMinute(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}
