import { call } from "./worker.ts";

/** The CSRF token a staff page carries in its forms. */
export async function csrfOf(path: string, headers: Record<string, string>): Promise<string> {
  const html = await (await call(path, { headers })).text();
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no csrf token on ${path}`);
  return token;
}

/** Posts a staff form the way the browser does (urlencoded, no redirect following). */
export function postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return call(path, { method: "POST", body: new URLSearchParams(fields), headers, redirect: "manual" });
}

/** The number shown on a dashboard figure with this label. */
export function figure(html: string, label: string): string | undefined {
  return new RegExp(`<b>([^<]*)</b>${label}`).exec(html)?.[1];
}
