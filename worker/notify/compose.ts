import { formatTime } from "../../portal/lang.ts";
import type { CaseRow } from "../../schema/case.ts";
import { CATEGORY_WORDS, LEVEL_WORDS } from "../../schema/case-words.ts";
import type { NotificationRow } from "../../schema/notification.ts";

// What a notification says, made when it is sent from the case as it is then. Only the case's
// tracking code, category, level and time limit: never a resident's name, number or words. The
// template variables are the ones worker/notify/channels/templates.ts names; `text` is the same
// message for channels without templates (group robots, the log).

type CaseFacts = Pick<CaseRow, "trackingCode" | "category" | "level" | "dueAt">;

export function composeMessage(
  row: Pick<NotificationRow, "kind" | "params">,
  facts: CaseFacts,
  event: { approved?: boolean } | null,
  publicBaseUrl: string | null,
): { params: Record<string, string>; text: string } {
  const code = facts.trackingCode;
  const params: Record<string, string> = {
    ...row.params,
    code,
    category: CATEGORY_WORDS[facts.category].zh,
    level: LEVEL_WORDS[facts.level].zh,
    due: formatTime(facts.dueAt, "zh"),
  };
  if (event?.approved !== undefined) params.decision = event.approved ? "已获批准" : "未获批准";
  if (row.kind === "case_resolved") params.link = `${publicBaseUrl ?? ""}/t/${code}`;
  return { params, text: TEXTS[row.kind](params) };
}

const TEXTS: Record<NotificationRow["kind"], (p: Record<string, string>) => string> = {
  case_arrived: (p) => `新案件：${p.category}，编号 ${p.code}，已交${p.level}办理，请登录网格工作台处理。`,
  case_urged: (p) => `催办：案件 ${p.code}（${p.category}）办理期限 ${p.due}，请尽快处理。`,
  extension_asked: (p) => `案件 ${p.code} 申请延期，请登录网格工作台审批。`,
  extension_decided: (p) => `案件 ${p.code} 的延期申请${p.decision ?? "已处理"}，请登录网格工作台查看。`,
  case_resolved: (p) => `您反映的问题已办理完毕。查看答复，并告诉我们是否满意：${p.link}`,
  case_reopened: (p) => `案件 ${p.code}（${p.category}）居民不满意，已重新交办，请处理。`,
};
