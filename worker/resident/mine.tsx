import { Hono } from "hono";
import { messagesFor } from "../../portal/lang.ts";
import { MyCasesPage } from "../../portal/pages/my-cases.tsx";
import { caseSummaries } from "../cases/summaries.ts";
import type { AppEnv } from "../env.ts";
import { pageNotFound } from "../pages/errors.tsx";
import { formText, readForm } from "../pages/form.ts";
import { langSuffix } from "../pages/lang.ts";
import { renderPage } from "../pages/render.ts";
import { forgetCase, rememberCase, rememberedCodes } from "./my-cases.ts";
import { asTrackingCode } from "./tracking-code.ts";

/** 我的反映 (`/my`): the cases this phone remembers, and the forms that keep or forget one. */
export function myCasesPages() {
  const app = new Hono<AppEnv>();

  // Whose list it is depends on the cookie: never cached (renderPage's default).
  app.get("/my", async (c) => {
    const cases = await caseSummaries(c.get("db"), rememberedCodes(c));
    return renderPage(c, <MyCasesPage lang={c.get("lang")} cases={cases} />);
  });

  // A case followed from its tracking page, kept on this phone as if it had been filed here.
  app.post("/my/keep", async (c) => {
    const code = asTrackingCode(formText(await readForm(c), "code"));
    const found = code ? await caseSummaries(c.get("db"), [code]) : [];
    if (!code || found.length === 0) return pageNotFound(c, messagesFor(c.get("lang")).notFoundCase);
    rememberCase(c, code);
    return c.redirect(`/my${langSuffix(c)}`, 303);
  });

  app.post("/my/forget", async (c) => {
    const code = asTrackingCode(formText(await readForm(c), "code"));
    if (code) forgetCase(c, code);
    return c.redirect(`/my${langSuffix(c)}`, 303);
  });
  return app;
}
