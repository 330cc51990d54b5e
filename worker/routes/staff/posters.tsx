import { Hono } from "hono";
import { and, asc, eq } from "drizzle-orm";
import { renderSVG } from "uqr";
import { station } from "../../../schema/station.ts";
import { MessagePage } from "../../../portal/pages/message.tsx";
import type { AppEnv } from "../../env.ts";
import { insidePath } from "../../lib/area-path.ts";
import { renderPage } from "../../portal/render.ts";
import { pageLang } from "../pages/context.ts";
import { stationUrl } from "../pages/station.tsx";
import { requireSession } from "./session.tsx";

const PRINT_CSS = `
@page{size:A4;margin:12mm}
.sheet{page-break-after:always;break-after:page;text-align:center;padding:8mm 0}
.sheet svg{width:110mm;height:auto}
@media print{header.top{display:none}body{background:#fff}}
`;

/** `/staff/posters?area=PATH`: every station poster of a community or street, one per printed page. */
export function posterPages() {
  const app = new Hono<AppEnv>();
  app.get("/staff/posters", requireSession, async (c) => {
    const lang = pageLang(c);
    const actor = c.get("staff");
    const path = c.req.query("area") ?? actor.areaPath ?? "";
    const own = actor.role === "admin" ? "/" : (actor.areaPath ?? "/nowhere/");
    if (!/^\/([a-z0-9-]+\/)+$/.test(path) || !path.startsWith(own)) {
      return renderPage(c, <MessagePage lang={lang} title="403" text={path} path="/staff" />, { lang, status: 403 });
    }
    const stations = await c.get("db").select().from(station).where(and(eq(station.active, true), insidePath(station.areaPath, path))).orderBy(asc(station.code)).limit(300);
    const page = (
      <html lang={lang === "en" ? "en" : "zh-CN"}>
        <head>
          <meta charset="utf-8" />
          <title>{`${path} · ${stations.length}`}</title>
          <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
        </head>
        <body>
          {stations.map((s) => (
            <section class="sheet">
              <h1>{s.name}</h1>
              <p style="font-size:1.6rem;letter-spacing:.1em">{s.code}</p>
              <p>{lang === "en" ? "Scan to report a problem or find help nearby" : "扫码反映问题 · 查找身边服务"}</p>
              <div dangerouslySetInnerHTML={{ __html: renderSVG(stationUrl(c, s.code), { ecc: "Q", border: 2 }) }} />
              <p>{stationUrl(c, s.code)}</p>
              <p>{lang === "en" ? "Emergency: 110 · 119 · 120 · City hotline 12345" : "紧急情况请拨打 110 · 119 · 120 · 市民热线 12345"}</p>
            </section>
          ))}
        </body>
      </html>
    );
    return renderPage(c, page, { lang });
  });
  return app;
}
