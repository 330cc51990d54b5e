import type { Context } from "hono";
import { messagesFor } from "../../portal/lang.ts";
import { MessagePage } from "../../portal/pages/message.tsx";
import { pageLang } from "./lang.ts";
import { renderPage } from "./render.ts";

export function pageNotFound(c: Context, text?: string) {
  const lang = pageLang(c);
  const t = messagesFor(lang);
  return renderPage(c, <MessagePage lang={lang} title={t.notFoundTitle} text={text ?? t.notFoundTitle} path={c.req.path} />, {
    status: 404,
    lang,
  });
}

export function pageError(c: Context, status: 413 | 500 | 503 = 500) {
  const lang = pageLang(c);
  const t = messagesFor(lang);
  return renderPage(c, <MessagePage lang={lang} title={t.serverError} text={t.serverError} path="/" />, { status, lang });
}
