// The SMS templates a district registers with its provider (China sends only pre-approved
// templates): which variables each kind's template takes, in order. Alibaba Cloud names them
// (${code}); Tencent Cloud numbers them ({1}, {2}) in this order. The outbox fills
// `Outgoing.params` with these names; the README gives the text to submit for approval.
import type { NotificationKind, Outgoing } from "../channel.ts";

export const TEMPLATE_VARIABLES: Record<NotificationKind, readonly string[]> = {
  // 您有新的待办案件（${category}），编号${code}，请及时登录网格工作台处理。
  case_arrived: ["category", "code"],
  // 催办：案件${code}（${category}）办理期限为${due}，请尽快处理。
  case_urged: ["code", "category", "due"],
  // 案件${code}申请延期，请登录网格工作台审批。
  extension_asked: ["code"],
  // 案件${code}的延期申请${decision}，请登录网格工作台查看。(decision: 已同意 / 未同意)
  extension_decided: ["code", "decision"],
  // 您反映的问题已办理完毕，查看答复并评价：https://grid.example.cn/t/${code} (the district's own origin, fixed in the text)
  case_resolved: ["code"],
  // 案件${code}（${category}）居民反馈不满意，已重新办理，请及时处理。
  case_reopened: ["code", "category"],
};

/**
 * The template's variables from the message, in the template's order; only those (a message's
 * other params never reach the provider). Names a missing one instead.
 */
export function templateValues(message: Outgoing): { values: [name: string, value: string][] } | { missing: string } {
  const values: [string, string][] = [];
  for (const name of TEMPLATE_VARIABLES[message.kind]) {
    const value = message.params[name];
    if (value === undefined || value === "") return { missing: name };
    values.push([name, value]);
  }
  return { values };
}

/** A mainland mobile number as its 11 digits, whether written with +86, 86 or spaces; null if it is none. */
export function mainlandMobile(to: string): string | null {
  const digits = to.replace(/[\s-]/g, "").replace(/^(\+?86)(?=1\d{10}$)/, "");
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
