import type { Words } from "./case-words.ts";
import type { CircleRole, StaffRole, StationService } from "./constants.ts";

// The directory's vocabularies in plain words, Chinese first: the portal and the HSDS view say the same.

/** What the glossary calls a `station`. */
export const STATION_WORDS: Words = { zh: "网格党群服务微站", en: "Grid party-and-mass service micro-station" };

export const ROLE_WORDS: Record<CircleRole, Words> = {
  grid_chief: { zh: "网格长", en: "Grid chief" },
  grid_worker: { zh: "专职网格员", en: "Grid worker" },
  part_time_grid_worker: { zh: "兼职网格员", en: "Part-time grid worker" },
  grid_assistant: { zh: "网格助理员", en: "Grid assistant" },
  community_secretary: { zh: "社区书记", en: "Community secretary" },
  community_police: { zh: "社区民警", en: "Community police" },
  legal_consultant: { zh: "法律顾问", en: "Legal consultant" },
  law_enforcement: { zh: "行政执法", en: "Law enforcement" },
  safety_supervision: { zh: "安全监管", en: "Safety supervision" },
  market_supervision: { zh: "市场监管", en: "Market supervision" },
  power: { zh: "供电", en: "Power" },
  gas: { zh: "燃气", en: "Gas" },
  heating: { zh: "供暖", en: "Heating" },
  water: { zh: "供水", en: "Water" },
};

/** Staff roles by their titles: pages, the operator's CLI and `npm start` name them so. */
export const STAFF_ROLE_WORDS: Record<StaffRole, Words> = {
  grid_assistant: { zh: "网格助理员", en: "Grid assistant" },
  grid_worker: { zh: "专职网格员", en: "Grid worker" },
  part_time_grid_worker: { zh: "兼职网格员", en: "Part-time grid worker" },
  grid_chief: { zh: "网格长", en: "Grid chief" },
  community_staff: { zh: "社区工作人员", en: "Community staff" },
  street_officer: { zh: "街道干部", en: "Street officer" },
  district_dispatcher: { zh: "区综治中心调度员", en: "District dispatcher" },
  department_officer: { zh: "职能部门工作人员", en: "Department officer" },
  admin: { zh: "系统管理员", en: "Administrator" },
};

export const STATION_SERVICE_WORDS: Record<StationService, Words> = {
  social_security_agency: { zh: "社保代缴", en: "Social security payments" },
  social_assistance_agency: { zh: "社会救助代办", en: "Social assistance" },
  disability_services: { zh: "残疾人服务", en: "Disability services" },
  small_repairs: { zh: "小家电维修", en: "Small repairs" },
  tea_water: { zh: "茶水", en: "Tea and water" },
  phone_charging: { zh: "应急充电", en: "Phone charging" },
  first_aid_kit: { zh: "急救箱", en: "First-aid kit" },
  reading_corner: { zh: "读书角", en: "Reading corner" },
  umbrella_lending: { zh: "爱心雨伞", en: "Umbrella lending" },
  legal_advice: { zh: "法律咨询", en: "Legal advice" },
};
