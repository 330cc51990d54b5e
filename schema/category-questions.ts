import type { Words } from "./case-words.ts";
import type { Category } from "./constants.ts";

/** An extra question a category asks (Open311 service attributes; the report form's choices). */
export interface Question {
  code: string;
  required: boolean;
  label: Words;
  options: { key: string; name: Words }[];
}

const option = (key: string, zh: string, en: string) => ({ key, name: { zh, en } });

export const CATEGORY_QUESTIONS: Record<Category, Question[]> = {
  safety_hazard: [
    {
      code: "hazard_kind",
      required: false,
      label: { zh: "隐患类型", en: "Kind of hazard" },
      options: [
        option("blocked_exit", "楼道堆物/消防通道堵塞", "Blocked stairwell or fire exit"),
        option("ebike_charging", "电动车违规充电", "E-bike charging indoors"),
        option("gas", "燃气", "Gas"),
        option("structure", "设施损坏", "Broken structure or facility"),
        option("other", "其他", "Other"),
      ],
    },
  ],
  emergency: [
    {
      code: "people_in_danger",
      required: true,
      label: { zh: "是否有人员受伤或被困", en: "Is anyone hurt or trapped?" },
      options: [option("yes", "是", "Yes"), option("no", "否", "No"), option("unknown", "不清楚", "Not sure")],
    },
  ],
  public_service: [
    {
      code: "service_needed",
      required: false,
      label: { zh: "需要代办的事项", en: "What needs doing" },
      options: [
        option("social_security", "社保缴费", "Social security payment"),
        option("social_assistance", "社会救助", "Social assistance"),
        option("disability", "残疾人服务", "Disability services"),
        option("paperwork", "证件办理", "Paperwork"),
      ],
    },
  ],
  dispute: [
    {
      code: "parties",
      required: false,
      label: { zh: "纠纷双方", en: "Between whom" },
      options: [
        option("neighbours", "邻里", "Neighbours"),
        option("property_management", "业主与物业", "Residents and property management"),
        option("family", "家庭", "Family"),
        option("business", "商户", "A business"),
      ],
    },
  ],
  social_opinion: [],
  petition_sign: [],
};
