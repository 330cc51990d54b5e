import { type Context, Hono } from "hono";
import { messagesFor } from "../../portal/lang.ts";
import { TrackPage } from "../../portal/pages/track.tsx";
import { giveFeedback, trackCase } from "../cases/tracking.ts";
import { notFoundAsNull } from "../domain-error.ts";
import type { AppEnv } from "../env.ts";
import { pageNotFound } from "../pages/errors.tsx";
import { formText, readForm } from "../pages/form.ts";
import { langSuffix } from "../pages/lang.ts";
import { renderPage } from "../pages/render.ts";
import { TRACKING_CODE_PATTERN } from "../workflow/ids.ts";
import { normaliseTrackingCode } from "./tracking-code.ts";

async function view(c: Context<AppEnv>, code: string) {
  if (!TRACKING_CODE_PATTERN.test(code)) return null;
  return trackCase(c.get("db"), code).catch(notFoundAsNull);
}

export function trackPages() {
  const app = new Hono<AppEnv>();

  // The small form on `/` sends `?code=`; an unusable code goes back there with a message.
  app.get("/t", (c) => {
    const code = normaliseTrackingCode(c.req.query("code") ?? "");
    return c.redirect(`/t/${encodeURIComponent(code || "-")}${langSuffix(c)}`, 303);
  });

  app.get("/t/:code", async (c) => {
    const lang = c.get("lang");
    const found = await view(c, normaliseTrackingCode(c.req.param("code")));
    if (!found) return pageNotFound(c, messagesFor(lang).notFoundCase);
    const page = <TrackPage lang={lang} view={found} fresh={c.req.query("new") === "1"} thanked={c.req.query("thanks") === "1"} />;
    return renderPage(c, page);
  });

  app.post("/t/:code/feedback", async (c) => {
    const lang = c.get("lang");
    const code = normaliseTrackingCode(c.req.param("code"));
    const found = await view(c, code);
    if (!found) return pageNotFound(c, messagesFor(lang).notFoundCase);
    const body = await readForm(c);
    const satisfied = body.satisfied === "yes" ? true : body.satisfied === "no" ? false : null;
    const comment = formText(body, "comment").slice(0, 500);
    if (satisfied === null || !found.can_give_feedback) {
      const message = messagesFor(lang).chooseSatisfaction;
      const page = <TrackPage lang={lang} view={found} fresh={false} thanked={false} feedbackError={message} comment={comment} />;
      return renderPage(c, page, { status: found.can_give_feedback ? 400 : 409 });
    }
    await giveFeedback(c.get("db"), code, satisfied, comment || null, new Date());
    return c.redirect(`/t/${code}?thanks=1${langSuffix(c, "&")}`, 303);
  });
  return app;
}
