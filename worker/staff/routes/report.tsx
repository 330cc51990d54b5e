import { and, asc, eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { QuickReportPage } from "../../../portal/staff/pages/report.tsx";
import { fieldProblemTexts } from "../../../portal/staff/refusal.ts";
import { CaseCreateSchema } from "../../../schema/api/case.ts";
import { area } from "../../../schema/area.ts";
import { station } from "../../../schema/station.ts";
import { createCase } from "../../cases/create.ts";
import { DomainError } from "../../domain-error.ts";
import type { AppEnv } from "../../env.ts";
import { insidePath, pathIds } from "../../lib/area-path.ts";
import { formText, readForm } from "../../pages/form.ts";
import { renderPage } from "../../pages/render.ts";

/** The stations of the actor's area (an assistant's: their grid's), and their own micro-grid. */
async function choices(c: Pick<Context<AppEnv>, "get">) {
  const actor = c.get("staff");
  const path = actor.areaPath ?? "/";
  const ids = pathIds(path);
  // An assistant's micro-grid sits under a grid: offer that grid's stations.
  const stationScope = ids.length >= 5 ? `/${ids.slice(0, 4).join("/")}/` : path;
  const [stations, microGrids] = await c.get("db").batch([
    c
      .get("db")
      .select({ code: station.code, name: station.name })
      .from(station)
      .where(and(eq(station.active, true), insidePath(station.areaPath, stationScope)))
      .orderBy(asc(station.code))
      .limit(200),
    c
      .get("db")
      .select({ id: area.id, name: area.name })
      .from(area)
      .where(and(eq(area.level, "micro_grid"), insidePath(area.path, stationScope)))
      .orderBy(asc(area.id))
      .limit(200),
  ]);
  const own = ids.length >= 5 ? microGrids.filter((m) => m.id === ids[4]) : microGrids;
  return { stations, microGrids: own.length > 0 ? [...own, ...microGrids.filter((m) => !own.includes(m))] : microGrids };
}

export function quickReportPages() {
  const app = new Hono<AppEnv>();
  app.get("/staff/report", async (c) => {
    return renderPage(c, <QuickReportPage lang={c.get("lang")} csrf={c.get("csrf")} {...(await choices(c))} />);
  });

  app.post("/staff/report", async (c) => {
    const lang = c.get("lang");
    const body = await readForm(c);
    const values = Object.fromEntries(
      ["category", "description", "station_code", "micro_grid_id", "name", "phone"].map((name) => [name, formText(body, name)]),
    );
    const parsed = CaseCreateSchema.safeParse({
      category: values.category,
      description: values.description,
      station_code: values.station_code || undefined,
      micro_grid_id: values.micro_grid_id || undefined,
      reporter:
        values.name || values.phone
          ? { name: values.name || undefined, phone: values.phone?.replace(/[\s-]/g, "") || undefined }
          : undefined,
    });
    const again = async (errors: Record<string, string>) => {
      const page = <QuickReportPage lang={lang} csrf={c.get("csrf")} {...(await choices(c))} values={values} errors={errors} />;
      return renderPage(c, page, { status: 400 });
    };
    if (!parsed.success) {
      return again(
        fieldProblemTexts(
          parsed.error.issues.map((i) => (i.path[0] === "reporter" ? "phone" : String(i.path[0]))),
          lang,
        ),
      );
    }
    const actor = c.get("staff");
    try {
      const created = await createCase(
        c.get("db"),
        {
          category: parsed.data.category,
          description: parsed.data.description,
          stationCode: parsed.data.station_code,
          microGridId: parsed.data.micro_grid_id,
          reporterName: parsed.data.reporter?.name,
          reporterPhone: parsed.data.reporter?.phone,
        },
        { channel: actor.role === "grid_assistant" ? "assistant" : "staff", actor, now: new Date() },
      );
      return c.redirect(`/staff/cases/${created.case.id}?done=create`, 303);
    } catch (error) {
      if (error instanceof DomainError && error.code === "validation_failed") {
        return again(
          fieldProblemTexts(
            error.fieldProblems.map((p) => p.path),
            lang,
          ),
        );
      }
      throw error;
    }
  });
  return app;
}
