import { call } from "./worker.ts";

/** The station page's form token, as a browser would find it in the page. */
export async function formToken(code = "JH0501V"): Promise<string> {
  const html = await (await call(`/s/${code}`)).text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no form token on the page");
  return token;
}

/**
 * Posts the report form as multipart, the way the page's form is sent. Past the open reports of the
 * same problem (`confirm_new`, as the form sends it once they were shown) unless the fields say
 * otherwise: test/portal.open-reports.test.ts is where they are offered.
 */
export function postReport(code: string, fields: Record<string, string | File>, headers: Record<string, string> = {}) {
  const body = new FormData();
  const choice = "confirm_new" in fields || "follow" in fields ? {} : { confirm_new: "1" };
  for (const [name, value] of Object.entries({ ...choice, ...fields })) body.append(name, value);
  return call(`/s/${code}/report`, { method: "POST", body, headers, redirect: "manual" });
}
