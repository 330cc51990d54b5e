import { Hono } from "hono";
import { PosterSheets } from "../../../portal/pages/poster-sheets.tsx";
import { STAFF_MESSAGES } from "../../../portal/staff/messages.ts";
import { AREA_PATH_PATTERN } from "../../../schema/constants.ts";
import { stationsForPosters } from "../../directory/stations.ts";
import type { AppEnv } from "../../env.ts";
import { printLang } from "../../pages/lang.ts";
import { renderPage } from "../../pages/render.ts";
import { posterContent } from "../../resident/station.tsx";
import { requireSession, staffRefusal } from "./session.tsx";

/** `/staff/posters?area=PATH`: every station poster of a community or street, one per printed page, in Chinese unless `?lang=en`. */
export function posterPages() {
  const app = new Hono<AppEnv>();
  app.get("/staff/posters", requireSession, async (c) => {
    const lang = c.get("lang");
    const actor = c.get("staff");
    const path = c.req.query("area") ?? actor.areaPath ?? "";
    const own = actor.role === "admin" ? "/" : (actor.areaPath ?? "/nowhere/");
    if (!AREA_PATH_PATTERN.test(path) || !path.startsWith(own)) {
      return staffRefusal(c, STAFF_MESSAGES[lang].refusals.codes.forbidden);
    }
    const stations = await stationsForPosters(c.get("db"), path);
    const posters = stations.map(({ station, contacts }) => posterContent(c, station, contacts));
    const area = `/staff/posters?area=${encodeURIComponent(path)}`;
    const page = <PosterSheets lang={printLang(c)} title={`${path} · ${stations.length}`} path={area} posters={posters} />;
    return renderPage(c, page);
  });
  return app;
}
