import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { withoutControls } from "../../schema/text.ts";

export type Format = "json" | "xml";

/** `services.json` → `["services", "json"]`; anything else is not an Open311 resource. */
export function splitFormat(name: string): [string, Format] | null {
  const match = /^(.+)\.(json|xml)$/.exec(name);
  return match ? [match[1]!, match[2] as Format] : null;
}

/** Markup characters as references; control characters dropped (XML 1.0 cannot carry them at all). */
function escapeXml(text: string): string {
  return withoutControls(text).replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * GeoReport v2's XML: arrays are a wrapper element of item elements; nulls are empty elements.
 * `itemNames` names the items of each array by the array's element name.
 */
export function toXml(name: string, value: unknown, itemNames: Record<string, string>): string {
  if (Array.isArray(value)) {
    const item = itemNames[name] ?? "item";
    return `<${name}>${value.map((v) => toXml(item, v, itemNames)).join("")}</${name}>`;
  }
  if (value !== null && typeof value === "object") {
    const inner = Object.entries(value)
      .map(([k, v]) => toXml(k, v, itemNames))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  if (value === null || value === undefined) return `<${name}/>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The wrapper element of each response, and what its items are called. */
export const XML_ITEMS: Record<string, string> = {
  services: "service",
  service_requests: "request",
  errors: "error",
  attributes: "attribute",
  values: "value",
  endpoints: "endpoint",
  formats: "format",
  jurisdictions: "jurisdiction",
};

export function respond(c: Context, format: Format, root: string, body: unknown, status: ContentfulStatusCode = 200) {
  if (format === "json") return c.json(body, status);
  const xml = `<?xml version="1.0" encoding="utf-8"?>${toXml(root, body, XML_ITEMS)}`;
  return c.body(xml, status, { "content-type": "text/xml; charset=utf-8" });
}

/** Open311 errors: `[{code, description}]` with the same HTTP status. */
export function respondError(c: Context, format: Format, status: ContentfulStatusCode, description: string) {
  return respond(c, format, "errors", [{ code: status, description }], status);
}
