import type { CaseLevel, Category } from "../../schema/constants.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/**
 * 限时办结: hours each level has to resolve, per category. Emergencies get two hours everywhere;
 * hidden dangers a day at the grid; the district centre has a day to dispatch anything.
 */
const TIME_LIMIT_HOURS: Record<Category, Record<CaseLevel, number>> = {
  emergency: { grid: 2, community: 2, street: 2, district: 2, department: 2 },
  safety_hazard: { grid: 24, community: 48, street: 48, district: 24, department: 72 },
  dispute: { grid: 72, community: 120, street: 120, district: 24, department: 168 },
  petition_sign: { grid: 72, community: 120, street: 120, district: 24, department: 168 },
  public_service: { grid: 72, community: 120, street: 120, district: 24, department: 168 },
  social_opinion: { grid: 72, community: 120, street: 120, district: 24, department: 168 },
};

/** How long a resident has to give feedback before a resolved case closes by itself. */
export const FEEDBACK_WINDOW_MS = 7 * DAY;

/** The longest a holder may ask an extension for, from now. */
export const MAX_EXTENSION_MS = 30 * DAY;

function timeLimitMs(category: Category, level: CaseLevel): number {
  return TIME_LIMIT_HOURS[category][level] * HOUR;
}

/** A new clock for the holder of `level`, starting `now`. */
export function dueAt(category: Category, level: CaseLevel, now: Date): Date {
  return new Date(now.getTime() + timeLimitMs(category, level));
}

/** How often an overdue case is urged again: its level's time limit, at most daily. */
export function urgePeriodMs(category: Category, level: CaseLevel): number {
  return Math.min(timeLimitMs(category, level), DAY);
}
