import { Hono } from "hono";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { RankingPage } from "../../../portal/staff/pages/ranking.tsx";
import { SupervisedPage } from "../../../portal/staff/pages/supervised.tsx";
import { refusalText } from "../../../portal/staff/refusal.ts";
import { DomainError } from "../../domain-error.ts";
import type { AppEnv } from "../../env.ts";
import { shanghaiDateText } from "../../lib/time.ts";
import { renderPage } from "../../pages/render.ts";
import { loadRanking, type Period, periodOf, RANK_BY, type RankBy, type Ranked, rankableObjects } from "../ranking.ts";
import { listSupervised } from "../supervision.ts";
import { requireCsrf, requireSession, staffRefusal } from "./session.tsx";

const DAY = 24 * 3600 * 1000;

/** The 督办 list and the ranking: what the district watches and what it reports upward. */
export function insightPages() {
  const app = new Hono<AppEnv>();
  app.use("/staff/supervised", requireSession, requireCsrf);
  app.use("/staff/ranking", requireSession, requireCsrf);

  app.get("/staff/supervised", async (c) => {
    const { items } = await listSupervised(c.get("db"), c.get("principal"));
    const actor = c.get("staff");
    return renderPage(c, <SupervisedPage lang={c.get("lang")} csrf={c.get("csrf")} admin={actor.role === "admin"} items={items} />);
  });

  app.get("/staff/ranking", async (c) => {
    const actor = c.get("staff");
    const lang = c.get("lang");
    const q = c.req.query();
    let objects: readonly Ranked[];
    try {
      objects = rankableObjects(actor);
    } catch (error) {
      if (error instanceof DomainError) return staffRefusal(c, refusalText(error, lang));
      throw error;
    }
    const of = objects.includes(q.of as Ranked) ? (q.of as Ranked) : objects[0]!;
    const by = RANK_BY.includes(q.by as RankBy) ? (q.by as RankBy) : "resolution";
    const kind = q.period === "month" || q.period === "custom" ? q.period : "week";
    const page = (props: { period: Period | null; rows: Awaited<ReturnType<typeof loadRanking>>; error?: string }, status: 200 | 400) => {
      const shown = props.period
        ? { first: shanghaiDateText(props.period.from), last: shanghaiDateText(new Date(props.period.to.getTime() - DAY)) }
        : null;
      // Custom dates are kept as typed; otherwise the form shows the period's own days.
      const form = {
        period: kind,
        from: kind === "custom" ? (q.from ?? "") : (shown?.first ?? ""),
        to: kind === "custom" ? (q.to ?? "") : (shown?.last ?? ""),
      };
      return renderPage(
        c,
        <RankingPage
          lang={lang}
          csrf={c.get("csrf")}
          admin={actor.role === "admin"}
          objects={objects}
          of={of}
          by={by}
          form={form}
          shown={shown}
          rows={props.rows}
          error={props.error}
        />,
        { status },
      );
    };
    let period: Period;
    try {
      period = periodOf(kind, q.from, q.to, new Date());
    } catch (error) {
      if (error instanceof DomainError && error.code === "validation_failed")
        return page({ period: null, rows: [], error: STAFF_MESSAGES[lang].ranking.badRange }, 400);
      throw error;
    }
    return page({ period, rows: await loadRanking(c.get("db"), actor, of, by, period) }, 200);
  });
  return app;
}
