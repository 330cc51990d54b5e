// The closed vocabularies of GridStation (DESIGN.md glossary). No drizzle import here, so pages,
// scripts and tests can use them freely.

export const AREA_LEVELS = ["district", "street", "community", "grid", "micro_grid"] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const CIRCLE_ROLES = [
  "grid_chief",
  "grid_worker",
  "part_time_grid_worker",
  "grid_assistant",
  "community_secretary",
  "community_police",
  "legal_consultant",
  "law_enforcement",
  "safety_supervision",
  "market_supervision",
  "power",
  "gas",
  "heating",
  "water",
] as const;
export type CircleRole = (typeof CIRCLE_ROLES)[number];

/** How the station page groups the circle, in display order. */
export const CIRCLE_GROUPS = {
  grid_team: ["grid_chief", "grid_worker", "part_time_grid_worker", "grid_assistant", "community_secretary"],
  public_services: ["community_police", "legal_consultant", "law_enforcement", "safety_supervision", "market_supervision"],
  utilities: ["power", "gas", "heating", "water"],
} as const satisfies Record<string, readonly CircleRole[]>;

/** The circle's roles whose numbers a printed poster carries, beside 12345 and the emergency lines. */
export const POSTER_ROLES = ["grid_chief", "grid_worker", "community_police"] as const satisfies readonly CircleRole[];

export const STAFF_ROLES = [
  "grid_assistant",
  "grid_worker",
  "part_time_grid_worker",
  "grid_chief",
  "community_staff",
  "street_officer",
  "district_dispatcher",
  "department_officer",
  "admin",
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The audit log's actor id for changes made at the command line (`npm run admin`), which has no staff row. */
export const OPERATOR_ACTOR_ID = 0;

/** Convenience services a micro-station may offer at the door. */
export const STATION_SERVICES = [
  "social_security_agency",
  "social_assistance_agency",
  "disability_services",
  "small_repairs",
  "tea_water",
  "phone_charging",
  "first_aid_kit",
  "reading_corner",
  "umbrella_lending",
  "legal_advice",
] as const;
export type StationService = (typeof STATION_SERVICES)[number];

export const CATEGORIES = ["public_service", "social_opinion", "emergency", "petition_sign", "safety_hazard", "dispute"] as const;
export type Category = (typeof CATEGORIES)[number];

export const API_SCOPES = ["directory:read", "directory:write", "cases:read", "cases:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Station codes are printed on posters: the grid code, upper case, and a letter (JH0501V). */
export const STATION_CODE_PATTERN = /^[A-Z]{2,4}\d{4}[A-Z]$/;

/** An area's path: its codes from the district down, each followed by a slash (/xhl/jh/). */
export const AREA_PATH_PATTERN = /^\/([a-z0-9-]+\/)+$/;

/**
 * A report's description, in characters: one is enough (a category and a place say the rest;
 * "路灯坏了" is a report), up to GeoReport v2's 4,000.
 */
export const DESCRIPTION_MAX = 4000;

/** Mainland China mobile numbers: 11 digits starting 13–19. */
export const MAINLAND_MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export const TIME_ZONE = "Asia/Shanghai";

/** Which tier holds a case, lowest first; escalation climbs this list one step at a time. */
export const CASE_LEVELS = ["grid", "community", "street", "district", "department"] as const;
export type CaseLevel = (typeof CASE_LEVELS)[number];

/** How a case list may be ordered: newest or oldest filed, soonest due, most recently changed. */
export const CASE_SORTS = ["newest", "oldest", "due", "updated"] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export const CASE_STATUSES = ["submitted", "in_progress", "resolved", "closed", "rejected", "merged"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which someone still has to act. */
export const OPEN_STATUSES = ["submitted", "in_progress"] as const satisfies readonly CaseStatus[];
/** Statuses after which nothing but notes can happen. */
export const FINAL_STATUSES = ["closed", "rejected", "merged"] as const satisfies readonly CaseStatus[];

export const CHANNELS = ["qr", "assistant", "api", "open311", "hotline", "staff"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The workflow actions of DESIGN.md, plus what the scheduler does on its own. */
export const CASE_ACTIONS = [
  "create",
  "accept",
  "assign",
  "escalate",
  "whistle",
  "dispatch",
  "register",
  "resolve",
  "feedback",
  "return",
  "extend",
  "reject",
  "merge",
  "note",
  "urge",
  "auto_close",
  "supplement",
  "supervise",
  "lift_supervision",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** What a resident may do on their case with its tracking code (no account needed). */
export const RESIDENT_ACTIONS = ["urge", "feedback", "supplement"] as const satisfies readonly CaseAction[];
export type ResidentAction = (typeof RESIDENT_ACTIONS)[number];

export const SATISFACTION = ["satisfied", "unsatisfied"] as const;

/**
 * How a resident grades the answer (满意 / 基本满意 / 不满意). The case keeps the verdict
 * (`SATISFACTION`: both satisfied grades close it and count as satisfied); the feedback event
 * keeps the grade.
 */
export const FEEDBACK_GRADES = ["satisfied", "basically_satisfied", "unsatisfied"] as const;
export type FeedbackGrade = (typeof FEEDBACK_GRADES)[number];
