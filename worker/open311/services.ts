import { CATEGORY_WORDS } from "../../schema/case-words.ts";
import { CATEGORY_QUESTIONS } from "../../schema/category-questions.ts";
import { CATEGORIES, type Category } from "../../schema/constants.ts";

/** Both languages in one string: Open311 has no language negotiation, and users read Chinese first. */
const both = (w: { zh: string; en: string }) => `${w.zh} (${w.en})`;

/** One Open311 service per case category. */
export function serviceList() {
  return CATEGORIES.map((code) => {
    const words = CATEGORY_WORDS[code];
    return {
      service_code: code,
      service_name: both(words),
      description: both(words.description),
      metadata: CATEGORY_QUESTIONS[code].length > 0,
      type: "realtime" as const,
      keywords: words.keywords.join(","),
      group: words.group,
    };
  });
}

/** The category's extra questions as Open311 attributes. */
export function serviceDefinition(code: Category) {
  return {
    service_code: code,
    attributes: CATEGORY_QUESTIONS[code].map((q, i) => ({
      variable: true,
      code: q.code,
      datatype: "singlevaluelist" as const,
      required: q.required,
      datatype_description: null,
      order: i + 1,
      description: both(q.label),
      values: q.options.map((o) => ({ key: o.key, name: both(o.name) })),
    })),
  };
}

export function isCategory(code: string): code is Category {
  return (CATEGORIES as readonly string[]).includes(code);
}
