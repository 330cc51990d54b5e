import type { Category } from "../../schema/constants.ts";
import { createCase } from "../../worker/cases/create.ts";
import { shanghaiWeekStart } from "../../worker/lib/time.ts";
import { staffActorOf } from "../../worker/workflow/actor.ts";
import { performAction, performResidentAction } from "../../worker/workflow/engine.ts";
import { signIn } from "./staff.ts";
import { db } from "./worker.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * Cases spread over past weeks, written through the domain at the times they happened (the API
 * would stamp them now). Weeks are counted back from the Shanghai week containing `now`; every
 * time is in the past. In community jh05:
 *
 * - 4 weeks back, Monday 10:00, three safety hazards in grid jh0501: a1 answered at 12:00 (on
 *   time) and graded satisfied the next day; a2 answered at 12:00, graded unsatisfied the next day
 *   (reopened), answered again 3 weeks back on Monday (late); a3 left open.
 * - 2 weeks back, Monday 10:00, two cases in grid jh0502: b1 an emergency answered at 14:00 (its
 *   limit is two hours: late); b2 a dispute rejected.
 */
export async function buildHistory(now = new Date()) {
  const database = db();
  const grid1 = staffActorOf((await signIn("grid_worker", { area: "jh0501" })).staff);
  const grid2 = staffActorOf((await signIn("grid_worker", { area: "jh0502" })).staff);
  const monday = (weeksBack: number) => shanghaiWeekStart(now).getTime() - weeksBack * 7 * DAY;
  const at = (weeksBack: number, hours: number) => new Date(monday(weeksBack) + hours * HOUR);
  const file = async (station: string, category: Category, when: Date, actor: typeof grid1) =>
    (
      await createCase(
        database,
        { category, description: `历史案件：${category} ${when.toISOString()}`, stationCode: station },
        { channel: "staff", actor, now: when },
      )
    ).case.id;
  const act = (actor: typeof grid1, id: string, action: "accept" | "resolve" | "reject", when: Date, payload = {}) =>
    performAction(database, actor, id, action, payload, when);
  const grade = async (id: string, g: "satisfied" | "unsatisfied", when: Date) => {
    const row = await database.query.caseTable.findFirst({ where: (t, { eq }) => eq(t.id, id) });
    await performResidentAction(database, row!, "feedback", { grade: g }, when);
  };

  const a1 = await file("JH0501V", "safety_hazard", at(4, 10), grid1);
  const a2 = await file("JH0501V", "safety_hazard", at(4, 10.1), grid1);
  const a3 = await file("JH0501V", "safety_hazard", at(4, 10.2), grid1);
  for (const id of [a1, a2]) {
    await act(grid1, id, "accept", at(4, 10.5));
    await act(grid1, id, "resolve", at(4, 12), { resolution: "已清理完毕" });
  }
  await grade(a1, "satisfied", at(4, 34));
  await grade(a2, "unsatisfied", at(4, 34));
  await act(grid1, a2, "resolve", at(3, 10), { resolution: "已再次清理" });

  const b1 = await file("JH0502V", "emergency", at(2, 10), grid2);
  const b2 = await file("JH0502V", "dispute", at(2, 10.1), grid2);
  await act(grid2, b1, "accept", at(2, 10.2));
  await act(grid2, b1, "resolve", at(2, 14), { resolution: "已处置" });
  await act(grid2, b2, "reject", at(2, 11), { reason: "不属于受理范围" });
  return { a1, a2, a3, b1, b2, monday: (weeksBack: number) => new Date(monday(weeksBack)) };
}
