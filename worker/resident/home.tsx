import { Hono } from "hono";
import { HomePage } from "../../portal/pages/home.tsx";
import { searchStations } from "../directory/station-search.ts";
import type { AppEnv } from "../env.ts";
import { renderPage } from "../pages/render.ts";

export function homePages() {
  const app = new Hono<AppEnv>();
  app.get("/", async (c) => {
    const lang = c.get("lang");
    const query = (c.req.query("q") ?? "").trim().slice(0, 200);
    const results = query ? await searchStations(c.get("db"), query) : null;
    return renderPage(c, <HomePage lang={lang} query={query} results={results} />, { cacheSeconds: query ? 60 : 300 });
  });
  return app;
}
