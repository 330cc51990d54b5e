import { Hono } from "hono";
import { HomePage } from "../../portal/pages/home.tsx";
import { caseSummaries } from "../cases/summaries.ts";
import { searchStations } from "../directory/station-search.ts";
import type { AppEnv } from "../env.ts";
import { langSuffix } from "../pages/lang.ts";
import { renderPage } from "../pages/render.ts";
import { asTrackingCode } from "./tracking-code.ts";

export function homePages() {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => {
    const lang = c.get("lang");
    const db = c.get("db");
    const query = (c.req.query("q") ?? "").trim().slice(0, 200);
    // Residents type their tracking code into the first box they see: it goes to its case.
    const trackingCode = asTrackingCode(query);
    if (trackingCode && (await caseSummaries(db, [trackingCode])).length > 0) {
      return c.redirect(`/t/${trackingCode}${langSuffix(c)}`, 303);
    }
    const results = query ? await searchStations(db, query) : null;
    // A station's code, in any case, goes straight to its page.
    const station = results?.find((s) => s.code === query.toUpperCase());
    if (station) return c.redirect(`/s/${station.code}${langSuffix(c)}`, 303);
    return renderPage(c, <HomePage lang={lang} query={query} results={results} />, { cacheSeconds: query ? 60 : 300 });
  });
  return app;
}
