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

/** The sign-in form as a browser gets it: its token, and the cookie the token is bound to. */
export async function loginForm(headers: Record<string, string> = {}) {
  const res = await call("/staff/login", { headers });
  const token = /name="token" value="([^"]+)"/.exec(await res.text())?.[1];
  const nonce = /gs_login=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1] ?? /gs_login=([^;]+)/.exec(headers.cookie ?? "")?.[1];
  if (!token || !nonce) throw new Error("no sign-in form token or cookie");
  return { token, cookie: `gs_login=${nonce}` };
}

/**
 * Signs in with a number and password from this client address, as a browser does: it loads the
 * form, then posts it with the form's cookie (and any cookie of its own, such as `gs_device`).
 */
export async function postSignIn(phone: string, password: string, address: string, extra: { next?: string; cookie?: string } = {}) {
  const form = await loginForm();
  const cookie = [form.cookie, extra.cookie].filter(Boolean).join("; ");
  const fields: Record<string, string> = { token: form.token, phone, password, ...(extra.next ? { next: extra.next } : {}) };
  return postForm("/staff/login", fields, { cookie, "cf-connecting-ip": address });
}

/** The cookies a response sets, as one `cookie` header value (name=value pairs). */
export function cookiesOf(res: Response, ...names: string[]): string {
  const set = res.headers.getSetCookie();
  return names
    .map((name) => set.map((line) => new RegExp(`^${name}=([^;]*)`).exec(line)?.[1]).find((v) => v))
    .map((value, i) => (value ? `${names[i]}=${value}` : ""))
    .filter(Boolean)
    .join("; ");
}
