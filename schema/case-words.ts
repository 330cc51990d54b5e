import type { CaseAction, CaseLevel, CaseStatus, Category, FeedbackGrade } from "./constants.ts";

/** Plain words for residents and integrators, Chinese first. */
export interface Words {
  zh: string;
  en: string;
}

export const CATEGORY_WORDS: Record<Category, Words & { description: Words; keywords: string[]; group: string }> = {
  public_service: {
    zh: "公共服务代办",
    en: "Public service request",
    description: {
      zh: "社保缴费、社会救助、残疾人服务、证件办理等代办",
      en: "Help with social security payments, social assistance, disability services and paperwork",
    },
    keywords: ["social security", "assistance", "disability", "paperwork", "社保", "救助"],
    group: "services",
  },
  social_opinion: {
    zh: "社情民意",
    en: "Opinion or suggestion",
    description: { zh: "对社区和公共事务的意见建议", en: "Opinions and suggestions about the neighbourhood" },
    keywords: ["opinion", "suggestion", "意见", "建议"],
    group: "voice",
  },
  emergency: {
    zh: "突发事件",
    en: "Emergency",
    description: {
      zh: "正在发生的突发事件（危及生命请先拨打110/119/120）",
      en: "Something happening now (for danger to life call 110/119/120 first)",
    },
    keywords: ["emergency", "fire", "accident", "突发"],
    group: "safety",
  },
  petition_sign: {
    zh: "信访苗头",
    en: "Early sign of a petition",
    description: { zh: "可能引发信访的苗头性问题", en: "Grievances that may lead to a petition" },
    keywords: ["grievance", "petition", "信访"],
    group: "voice",
  },
  safety_hazard: {
    zh: "安全隐患",
    en: "Safety hazard",
    description: {
      zh: "楼道堆物、电动车充电、燃气、设施损坏等隐患",
      en: "Blocked stairwells, e-bike charging, gas, broken facilities and other hazards",
    },
    keywords: ["hazard", "fire risk", "gas", "broken", "隐患"],
    group: "safety",
  },
  dispute: {
    zh: "矛盾纠纷",
    en: "Dispute",
    description: { zh: "邻里、物业、家庭等矛盾纠纷", en: "Disputes between neighbours, with property managers, in families" },
    keywords: ["dispute", "neighbour", "noise", "纠纷"],
    group: "voice",
  },
};

export const STATUS_WORDS: Record<CaseStatus, Words> = {
  submitted: { zh: "已受理，待处理", en: "Received, waiting to be handled" },
  in_progress: { zh: "办理中", en: "Being handled" },
  resolved: { zh: "已答复，待评价", en: "Answered, waiting for your feedback" },
  closed: { zh: "已办结", en: "Closed" },
  rejected: { zh: "不予受理", en: "Not accepted" },
  merged: { zh: "已合并处理", en: "Handled together with the same report" },
};

export const LEVEL_WORDS: Record<CaseLevel, Words> = {
  grid: { zh: "网格", en: "your grid team" },
  community: { zh: "社区", en: "the community" },
  street: { zh: "街道", en: "the street office" },
  district: { zh: "区综治中心", en: "the district centre" },
  department: { zh: "职能部门", en: "a district department" },
};

export const GRADE_WORDS: Record<FeedbackGrade, Words> = {
  satisfied: { zh: "满意", en: "Satisfied" },
  basically_satisfied: { zh: "基本满意", en: "Mostly satisfied" },
  unsatisfied: { zh: "不满意", en: "Not satisfied" },
};

/** The district centre named after its district (`{name}`: 杏花岭区). */
export const DISTRICT_CENTRE_WORDS: Words = { zh: "{name}综治中心", en: "the {name} governance centre" };

/** A line of the resident's trail: an action, or a variant of one that reads differently. */
export type TrailLine = CaseAction | "urge_by_resident" | "supplement_with_photo" | "resolve_with_photo";

/**
 * The resident's trail in plain words: where the case is and who has it (`{name}`: the street,
 * community, grid, district centre or department), never the workflow's own terms (吹哨, 派单,
 * 报到). `{grade}` is the resident's grade.
 */
export const TRAIL_WORDS: Record<TrailLine, Words> = {
  create: { zh: "已受理您的反映，交由 {name} 处理", en: "Your report was received; {name} will handle it" },
  accept: { zh: "{name} 已接手办理", en: "{name} is working on it" },
  assign: { zh: "已安排专人办理", en: "Someone was put in charge of it" },
  escalate: { zh: "已转交 {name} 处理", en: "Passed on to {name}" },
  whistle: { zh: "已转交 {name} 处理", en: "Passed on to {name}" },
  dispatch: { zh: "已交由 {name} 办理", en: "Handed to {name}" },
  register: { zh: "{name} 已接手办理", en: "{name} is working on it" },
  resolve: { zh: "已答复", en: "Answered" },
  resolve_with_photo: { zh: "已答复（附办理结果照片）", en: "Answered, with a photo of the result" },
  feedback: { zh: "您的评价：{grade}", en: "Your feedback: {grade}" },
  return: { zh: "已转回 {name} 处理", en: "Passed back to {name}" },
  extend: { zh: "办理时限已延长", en: "The time limit was extended" },
  reject: { zh: "不予受理", en: "Not accepted" },
  merge: { zh: "与相同的反映合并办理", en: "Handled together with the same report" },
  note: { zh: "办理进展", en: "Progress update" },
  urge: { zh: "已督促加快办理", en: "Those handling it were told to hurry" },
  urge_by_resident: { zh: "您催办了一次", en: "You asked them to hurry" },
  auto_close: { zh: "评价期已过，已办结", en: "Closed: no feedback within seven days" },
  supplement: { zh: "您补充了情况", en: "You added information" },
  supplement_with_photo: { zh: "您补充了情况（附照片）", en: "You added information with a photo" },
  supervise: { zh: "区里已督办此事，要求加快办理", en: "The district is now supervising this case" },
  lift_supervision: { zh: "区里已解除督办", en: "The district's supervision was lifted" },
};
