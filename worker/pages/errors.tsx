import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { messagesFor } from "../../portal/lang.ts";
import { MessagePage } from "../../portal/pages/message.tsx";
import type { AppEnv } from "../env.ts";
import { renderPage } from "./render.ts";

/** A page that says one thing (a refusal, a missing entry), in the visitor's language. */
export function pageMessage(c: Context<AppEnv>, text: string, options: { status: ContentfulStatusCode; title?: string; back?: string }) {
  const page = <MessagePage lang={c.get("lang")} title={options.title ?? text} text={text} path={options.back ?? c.req.path} />;
  return renderPage(c, page, { status: options.status });
}

export function pageNotFound(c: Context<AppEnv>, text?: string) {
  const t = messagesFor(c.get("lang"));
  return pageMessage(c, text ?? t.notFoundTitle, { status: 404, title: t.notFoundTitle });
}

export function pageError(c: Context<AppEnv>, status: 413 | 500 | 503 = 500) {
  return pageMessage(c, messagesFor(c.get("lang")).serverError, { status, back: "/" });
}

/** The `onError` of the page surfaces: logged without the visitor's input, answered with the friendly 500 page. */
export function pagesFailed(error: Error, c: Context<AppEnv>) {
  console.error(JSON.stringify({ msg: "page error", path: c.req.path, error: String(error) }));
  return pageError(c);
}
