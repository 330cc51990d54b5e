import { and, eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { areaOrderOf } from "../../../portal/staff/pages/area-charts.tsx";
import { CasePage } from "../../../portal/staff/pages/case.tsx";
import { CaseListPage } from "../../../portal/staff/pages/cases.tsx";
import { DashboardPage } from "../../../portal/staff/pages/dashboard.tsx";
import { fieldsText, refusalText } from "../../../portal/staff/refusal.ts";
import { verbOf, verbOfEvent } from "../../../portal/staff/verbs.ts";
import { casePhoto } from "../../../schema/case.ts";
import { AREA_PATH_PATTERN, CASE_ACTIONS, type CaseAction } from "../../../schema/constants.ts";
import { getCase, getCaseForStaff, similarCases } from "../../cases/queries.ts";
import { listDepartments } from "../../directory/departments.ts";
import { DomainError, notFoundAsNull } from "../../domain-error.ts";
import type { AppEnv } from "../../env.ts";
import { statusOf } from "../../errors.ts";
import { pageNotFound } from "../../pages/errors.tsx";
import { type FormBody, formText, readForm } from "../../pages/form.ts";
import { langSuffix } from "../../pages/lang.ts";
import { renderPage } from "../../pages/render.ts";
import { attachPhoto } from "../../photos/attach.ts";
import { photoResponse } from "../../photos/respond.ts";
import { allowedActions, performAction } from "../../workflow/engine.ts";
import { ActionPayloadSchema } from "../../workflow/payload.ts";
import { isHolder } from "../../workflow/relation.ts";
import { assigneeCandidates } from "../assignees.ts";
import { areaChoicesQuery, filterParams, loadCaseList, NO_CASES, readCaseListFilters } from "../case-list.ts";
import { loadDashboard } from "../dashboard.ts";
import { adminPages } from "./admin.tsx";
import { exportPages } from "./exports.tsx";
import { insightPages } from "./insight.tsx";
import { posterPages } from "./posters.tsx";
import { quickReportPages } from "./report.tsx";
import { requireCsrf, requireSession, staffRefusal } from "./session.tsx";

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The actions whose forms offer a choice looked up for the case. */
const CHOICE_ACTIONS = new Set<CaseAction>(["assign", "merge", "dispatch"]);

/** The case page, with what the actor may do now; a case outside their area is not told apart from none. */
async function casePage(c: Context<AppEnv>, id: string, flash?: { kind: "ok" | "alert"; text: string }, status: 200 | 400 | 409 = 200) {
  const db = c.get("db");
  const actor = c.get("staff");
  const lang = c.get("lang");
  let found: Awaited<ReturnType<typeof getCaseForStaff>>;
  try {
    found = await getCaseForStaff(db, c.get("principal"), id);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found")
      return staffRefusal(c, `${STAFF_MESSAGES[lang].case} ${id.slice(0, 26)} ?`, 404);
    throw error;
  }
  const row = found.case;
  const allowed = allowedActions(actor, row);
  // Who to assign to, what to merge into and where to dispatch are looked up only when one of
  // those actions is offered, in one batch.
  const [candidates, similar, departments] = allowed.some((action) => CHOICE_ACTIONS.has(action))
    ? await db.batch([
        assigneeCandidates(db, row),
        similarCases(db, c.get("principal"), row.stationCode ?? "", row.category),
        listDepartments(db),
      ])
    : [[], [], []];
  const page = (
    <CasePage
      lang={lang}
      csrf={c.get("csrf")}
      row={row}
      events={found.events}
      trail={found.trail}
      notifications={found.notifications}
      photoKeys={found.photoKeys}
      photos={found.photos}
      place={found.place}
      station={found.station}
      done={status === 200 ? verbOf(c.req.query("done")) : null}
      allowed={allowed}
      revealContact={isHolder(actor, row)}
      candidates={candidates}
      departments={departments}
      similar={similar.filter((s) => s.id !== row.id)}
      flash={flash}
    />
  );
  return renderPage(c, page, { status });
}

/** Form fields to the action payload: numbers, booleans and Shanghai local times converted. */
function payloadFromForm(body: FormBody) {
  const text = (name: string) => formText(body, name) || undefined;
  const due = text("due_at");
  const dueAt =
    due && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(due) ? new Date(Date.parse(`${due}:00Z`) - SHANGHAI_OFFSET_MS).toISOString() : due;
  const candidate = {
    note: text("note"),
    public: body.public === "true" ? true : undefined,
    assignee_id: text("assignee_id") ? Number(text("assignee_id")) : undefined,
    department_id: text("department_id"),
    resolution: text("resolution"),
    reason: text("reason"),
    due_at: dueAt,
    approve: body.approve === "true" ? true : body.approve === "false" ? false : undefined,
    into_case_id: text("into_case_id"),
  };
  return ActionPayloadSchema.safeParse(Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)));
}

export function workspacePages() {
  const app = new Hono<AppEnv>();
  app.use("/staff", requireSession, requireCsrf);
  // "/staff/cases/*" also matches "/staff/cases" itself.
  app.use("/staff/cases/*", requireSession, requireCsrf);
  app.use("/staff/report", requireSession, requireCsrf);

  app.get("/staff", async (c) => {
    const actor = c.get("staff");
    // Admins and department officers look at the whole district (the top area, found in the same batch).
    const own = actor.role === "admin" || actor.role === "department_officer" ? null : actor.areaPath;
    const requested = c.req.query("area");
    const path = requested && AREA_PATH_PATTERN.test(requested) ? requested : own;
    if (path && own && !path.startsWith(own)) return staffRefusal(c, STAFF_MESSAGES[c.get("lang")].refusals.codes.forbidden);
    let data: Awaited<ReturnType<typeof loadDashboard>>;
    try {
      data = await loadDashboard(c.get("db"), actor, path, new Date());
    } catch (error) {
      if (error instanceof DomainError && error.code === "not_found") return staffRefusal(c, refusalText(error, c.get("lang")), 404);
      throw error;
    }
    return renderPage(
      c,
      <DashboardPage
        lang={c.get("lang")}
        csrf={c.get("csrf")}
        data={data}
        departmentId={actor.role === "department_officer" ? actor.departmentId : null}
        admin={actor.role === "admin"}
        order={areaOrderOf(c.req.query("sort"), c.req.query("dir"))}
        pageHref={requested && path === requested ? `/staff?area=${encodeURIComponent(path)}` : "/staff"}
      />,
    );
  });

  app.get("/staff/cases", async (c) => {
    const q = c.req.query();
    const lang = c.get("lang");
    const { filters, typed, problems } = readCaseListFilters(q);
    const page = { limit: 25, cursor: q.cursor || undefined, before: q.before || undefined };
    let found: Awaited<ReturnType<typeof loadCaseList>>;
    try {
      // A filter typed wrong lists nothing (the form names it): only the area choices are read.
      found =
        problems.length > 0
          ? { ...NO_CASES, areas: await areaChoicesQuery(c.get("db"), c.get("staff")) }
          : await loadCaseList(c.get("db"), c.get("principal"), c.get("staff"), filters, page);
    } catch (error) {
      if (error instanceof DomainError && (error.code === "forbidden" || error.code === "validation_failed"))
        return staffRefusal(c, refusalText(error, lang));
      throw error;
    }
    const params = [...filterParams(filters), ...(lang === "en" ? [["lang", "en"] as [string, string]] : [])];
    const href = (key: string, cursor: string | null) =>
      cursor ? `/staff/cases?${new URLSearchParams([...params, [key, cursor]])}` : null;
    const list = (
      <CaseListPage
        lang={lang}
        csrf={c.get("csrf")}
        typed={typed}
        problems={problems}
        items={found.items}
        total={found.total}
        moreThanTotal={found.more_than_total}
        areas={found.areas}
        previousHref={href("before", found.previous_cursor)}
        nextHref={href("cursor", found.next_cursor)}
        exportQuery={new URLSearchParams(params).toString()}
      />
    );
    return renderPage(c, list, { status: problems.length > 0 ? 400 : 200 });
  });

  app.get("/staff/cases/:id", (c) => casePage(c, c.req.param("id")));

  // The report's photo, or with `?key=` one a resident added later (while the case keeps it).
  app.get("/staff/cases/:id/photo", async (c) => {
    const db = c.get("db");
    const row = await getCase(db, c.get("principal"), c.req.param("id")).catch(notFoundAsNull);
    const added = c.req.query("key");
    const key =
      row && added
        ? (await db.query.casePhoto.findFirst({ where: and(eq(casePhoto.caseId, row.id), eq(casePhoto.photoKey, added)) }))?.photoKey
        : row?.photoKey;
    const object = key ? await c.get("services").photos.get(key) : null;
    if (!object) return pageNotFound(c);
    return photoResponse(object);
  });

  app.post("/staff/cases/:id/actions/:action", async (c) => {
    const id = c.req.param("id");
    const action = c.req.param("action") as CaseAction;
    const lang = c.get("lang");
    if (!(CASE_ACTIONS as readonly string[]).includes(action)) return casePage(c, id, { kind: "alert", text: action }, 400);
    const body = await readForm(c);
    const parsed = payloadFromForm(body);
    if (!parsed.success)
      return casePage(
        c,
        id,
        {
          kind: "alert",
          text: fieldsText(
            parsed.error.issues.map((i) => i.path.join(".")),
            lang,
          ),
        },
        400,
      );
    const photo = body.photo instanceof File && body.photo.size > 0 ? body.photo : null;
    const services = c.get("services");
    let after: Awaited<ReturnType<typeof performAction>>;
    try {
      after = await performAction(
        c.get("db"),
        c.get("staff"),
        id,
        action,
        parsed.data,
        new Date(),
        photo ? () => attachPhoto(services, photo) : undefined,
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === "not_found") return staffRefusal(c, refusalText(error, lang), 404);
      if (error instanceof DomainError && statusOf(error) < 500)
        return casePage(c, id, { kind: "alert", text: refusalText(error, lang) }, statusOf(error) === 409 ? 409 : 400);
      throw error;
    }
    // The confirmation names the verb done (上报社区, 批准延期), never text from the request.
    const data = parsed.data.approve === undefined ? null : { approved: parsed.data.approve };
    const done = verbOfEvent({ action, toLevel: after.level, data }) ?? action;
    return c.redirect(`/staff/cases/${id}?done=${done}${langSuffix(c, "&")}`, 303);
  });

  app
    .route("/", quickReportPages())
    .route("/", adminPages())
    .route("/", posterPages())
    .route("/", exportPages())
    .route("/", insightPages());
  return app;
}
