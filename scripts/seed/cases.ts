import type { CaseRow, NewCaseEventRow } from "../../schema/case.ts";
import type { CaseAction, Category } from "../../schema/constants.ts";
import { creationEvent, newCaseRow } from "../../worker/cases/create.ts";
import { eventScopeOf } from "../../worker/cases/event-scope.ts";
import { ACTIONS, applyAutoClose, applyFeedback, type Transition } from "../../worker/workflow/actions.ts";
import type { Actor } from "../../worker/workflow/actor.ts";
import { metricsOf, scopesOf } from "../../worker/workflow/counters.ts";
import { transitionRecords } from "../../worker/workflow/store.ts";
import { FEEDBACK_WINDOW_MS } from "../../worker/workflow/time-limits.ts";
import type { Directory } from "./generate.ts";
import { createRandom, type Random } from "./random.ts";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

const CATEGORY_WEIGHTS: [Category, number][] = [
  ["public_service", 25],
  ["safety_hazard", 25],
  ["dispute", 20],
  ["social_opinion", 15],
  ["petition_sign", 8],
  ["emergency", 7],
];

const TEXTS: Record<Category, string[]> = {
  public_service: ["帮助独居老人代缴城乡居民医保", "代办残疾人两项补贴申请", "协助办理低保年审材料"],
  social_opinion: ["建议小区增设休息座椅", "希望增加社区老年食堂开放时间", "建议在楼下加装路灯"],
  emergency: ["楼道内闻到燃气味", "路口电线杆倾斜有倒塌危险", "小区内老人摔倒需要帮助"],
  petition_sign: ["部分业主对拆迁补偿不满准备上访", "多户居民反映供暖费收费争议"],
  safety_hazard: ["楼道堆放杂物堵塞消防通道", "电动车在楼道内违规充电", "单元门禁损坏无法关闭"],
  dispute: ["楼上漏水与邻居协商未果", "商户占道经营噪音扰民", "业主与物业就停车费发生纠纷"],
};

function weighted<T>(random: Random, items: [T, number][]): T {
  let roll = random.next() * items.reduce((n, [, w]) => n + w, 0);
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[0]![0];
}

interface CaseBatch {
  cases: CaseRow[];
  events: NewCaseEventRow[];
}

export interface CaseGeneration {
  /**
   * The share of cases filed in the last fortnight rather than over five years: the demo's open
   * work, due around today (0, the default, draws nothing extra: the bench's data stay as they were).
   */
  recentShare?: number;
  batchSize?: number;
}

const RECENT = 14 * DAY;

/**
 * Cases spread over five years up to `now`, with the real workflow's transitions (the same action
 * table the API uses), so every row, event and counter is one the system could have written.
 * A few busy grids get most reports. Yields batches; `counters` adds up the final states.
 */
export function* generateCases(directory: Directory, count: number, now: Date, { recentShare = 0, batchSize = 1000 }: CaseGeneration = {}) {
  const random = createRandom(11_811);
  const stations = directory.stations;
  const busy = stations.slice(0, Math.max(1, Math.floor(stations.length / 10)));
  const staffIds = new Map<string, number>();
  directory.staff.forEach((s, i) => {
    const key = `${s.role}:${s.areaId ?? s.departmentId}`;
    if (!staffIds.has(key)) staffIds.set(key, i + 1); // ids of a fresh load follow insertion order
  });
  const staffActor = (
    role: "grid_worker" | "community_staff" | "street_officer" | "district_dispatcher" | "department_officer",
    scope: string | null,
  ): Actor => ({
    kind: "staff",
    id: staffIds.get(`${role}:${scope}`) ?? 1,
    name: "演示数据",
    role,
    areaPath: null,
    departmentId: null,
  });
  const counters = new Map<string, number>();
  let batch: CaseBatch = { cases: [], events: [] };

  for (let n = 0; n < count; n++) {
    const station = random.next() < 0.6 ? random.pick(busy) : random.pick(stations);
    const category = weighted(random, CATEGORY_WEIGHTS);
    const recent = recentShare > 0 && random.next() < recentShare;
    let at = new Date(now.getTime() - Math.floor(random.next() * (recent ? RECENT : 5 * YEAR)));
    let row = newCaseRow({ category, description: random.pick(TEXTS[category]), stationCode: station.code }, station.areaPath, {
      channel: random.next() < 0.7 ? "qr" : "assistant",
      actor: { kind: "resident" },
      now: at,
      createdBy: "resident",
      requestHash: null,
    });
    const firstEvent = batch.events.length;
    batch.events.push(creationEvent(row, { kind: "resident" }));
    const step = (action: CaseAction, actor: Actor, transition: Transition, hours: number) => {
      const next = new Date(at.getTime() + hours * HOUR);
      if (next > now) return false;
      at = next;
      const records = transitionRecords(row, action, actor, transition, at);
      row = records.after;
      batch.events.push(records.event);
      return true;
    };
    const apply = (action: CaseAction, actor: Actor, payload: Record<string, unknown>, hours: number, refs = {}) =>
      step(action, actor, ACTIONS[action]!.apply(row, payload, { now: new Date(at.getTime() + hours * HOUR), refs }), hours);

    const grid = staffActor("grid_worker", row.gridId);
    const climb = weighted(random, [
      ["grid", 70],
      ["community", 14],
      ["street", 7],
      ["department", 9],
    ] as [string, number][]);
    let holder = grid;
    let ok = apply("accept", grid, {}, random.next() * 4);
    if (ok && climb !== "grid") {
      ok = apply("escalate", grid, { reason: "网格无法解决，上报社区" }, 2 + random.next() * 24);
      holder = staffActor("community_staff", row.communityId);
      if (ok) ok = apply("accept", holder, {}, random.next() * 8);
      if (ok && climb !== "community") {
        ok = apply("escalate", holder, { reason: "需街道协调" }, 4 + random.next() * 48);
        holder = staffActor("street_officer", row.streetId);
        if (ok) ok = apply("accept", holder, {}, random.next() * 8);
        if (ok && climb === "department") {
          ok = apply("whistle", holder, { reason: "街道吹哨" }, 4 + random.next() * 48);
          const district = staffActor("district_dispatcher", "xhl");
          const department = random.pick(directory.departments);
          if (ok) ok = apply("dispatch", district, {}, random.next() * 12, { department: { ...department, createdAt: at, updatedAt: at } });
          holder = staffActor("department_officer", department.id);
          if (ok) ok = apply("register", holder, {}, random.next() * 12);
        }
      }
    }
    const fate = random.next();
    if (ok && fate < 0.04) {
      apply("reject", holder, { reason: "重复或无效的上报" }, random.next() * 24);
    } else if (ok) {
      // Most cases are resolved within their time limit; some take much longer.
      const hours = random.next() < 0.85 ? random.next() * 48 : 48 + random.next() * 400;
      ok = apply("resolve", holder, { resolution: "已现场处理并回复居民" }, hours);
      if (ok && random.next() < 0.1) {
        ok = step("feedback", { kind: "resident" }, applyFeedback(row, "unsatisfied", "问题仍未解决", at), random.next() * 48);
        if (ok) ok = apply("resolve", holder, { resolution: "已再次处理，问题解决" }, random.next() * 72);
      }
      if (ok && random.next() < 0.75) {
        const verdict = random.next();
        const grade = verdict < 0.7 ? "satisfied" : verdict < 0.92 ? "basically_satisfied" : "unsatisfied";
        ok = step("feedback", { kind: "resident" }, applyFeedback(row, grade, null, at), random.next() * 72);
        // Reopened, it is worked again as it would have been: not left open for years.
        if (ok && grade === "unsatisfied") ok = apply("resolve", holder, { resolution: "已再次处理，问题解决" }, random.next() * 72);
      }
      if (ok && row.status === "resolved" && at.getTime() + FEEDBACK_WINDOW_MS < now.getTime()) {
        step("auto_close", { kind: "system" }, applyAutoClose(new Date(at.getTime() + FEEDBACK_WINDOW_MS)), FEEDBACK_WINDOW_MS / HOUR);
      }
    }
    if (row.status !== "closed" && row.dueAt < now && (row.status === "submitted" || row.status === "in_progress")) {
      row = { ...row, overdue: true };
    }
    for (const scope of scopesOf(row)) {
      for (const metric of metricsOf(row)) counters.set(`${scope}\n${metric}`, (counters.get(`${scope}\n${metric}`) ?? 0) + 1);
    }
    // As the live writes do (event-scope.ts): every event of a case carries its current department.
    for (const event of batch.events.slice(firstEvent)) Object.assign(event, eventScopeOf(row));
    batch.cases.push(row);
    if (batch.cases.length >= batchSize) {
      yield batch;
      batch = { cases: [], events: [] };
    }
  }
  if (batch.cases.length > 0) yield batch;
  return [...counters].map(([key, value]) => {
    const [scope, metric] = key.split("\n") as [string, string];
    return { scope, metric, value };
  });
}
