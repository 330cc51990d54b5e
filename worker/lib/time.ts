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
