import { z } from "@hono/zod-openapi";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { CATEGORY_QUESTIONS } from "../../schema/category-questions.ts";
import { DESCRIPTION_MAX, MAINLAND_MOBILE_PATTERN } from "../../schema/constants.ts";
import { authenticateApiKey } from "../auth/api-key.ts";
import { hasScope, type Principal } from "../auth/principal.ts";
import { createCase } from "../cases/create.ts";
import { DomainError } from "../domain-error.ts";
import type { AppEnv } from "../env.ts";
import { handleError } from "../errors.ts";
import { allowedMethods } from "../lib/allowed-methods.ts";
import { formText } from "../pages/form.ts";
import { type Format, respond, respondError, splitFormat } from "./format.ts";
import { findRequests, statusesFor, toRequest } from "./requests.ts";
import { isCategory, serviceDefinition, serviceList } from "./services.ts";

const DAY = 24 * 3600 * 1000;
const MAX_REQUESTS = 1000;
/**
 * A form of 4,000 Chinese characters is 36 KB percent-encoded (9 bytes each), with room for the
 * other fields; anything larger is not a report.
 */
const MAX_BODY_BYTES = 64 * 1024;
const MediaUrlSchema = z.url({ protocol: /^https?$/ }).max(500);

/** An Open311 failure: `[{code, description}]` with this HTTP status. */
class Open311Error extends Error {
  readonly status: 400 | 403 | 404 | 405 | 415;
  readonly headers: Record<string, string>;

  constructor(status: 400 | 403 | 404 | 405 | 415, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

function param(c: Context, name: string, body?: Record<string, unknown>): string | undefined {
  return formText({ [name]: body?.[name] ?? c.req.query(name) }, name) || undefined;
}

async function principalOf(c: Context<AppEnv>, key: string | undefined): Promise<Principal | null> {
  if (!key) return null;
  const principal = await authenticateApiKey(c.get("db"), key);
  if (!principal) throw new Open311Error(403, "api_key is not valid");
  return principal;
}

/**
 * What clients send for "no jurisdiction": node-open311 writes its unset option into the query as
 * the word `undefined`.
 */
const NO_JURISDICTION = new Set(["undefined", "null"]);

/**
 * `jurisdiction_id` is optional (none means this endpoint's own); when given it must be one of
 * the configured ids (OPEN311_JURISDICTIONS), and an unknown one is the spec's 404, naming them.
 */
function checkJurisdiction(c: Context<AppEnv>, body?: Record<string, unknown>) {
  const jurisdiction = param(c, "jurisdiction_id", body);
  if (jurisdiction === undefined || NO_JURISDICTION.has(jurisdiction)) return;
  const served = c.get("services").config.open311.jurisdictions;
  if (!served.includes(jurisdiction)) {
    throw new Open311Error(404, `jurisdiction_id ${jurisdiction} is not served here; this endpoint serves ${served.join(", ")}`);
  }
}

function dateParam(c: Context, name: string): Date | undefined {
  const text = param(c, name);
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Open311Error(400, `${name} must be a W3C date-time`);
  return date;
}

const list = (text: string | undefined) =>
  text
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

async function getRequests(c: Context<AppEnv>, format: Format, id?: string) {
  checkJurisdiction(c);
  const principal = await principalOf(c, param(c, "api_key"));
  const reads = principal !== null && hasScope(principal, "cases:read");
  const ids = id ? [id] : list(param(c, "service_request_id"));
  if (ids && ids.length > 100) throw new Open311Error(400, "at most 100 service_request_id values");
  // A service_code that is not a service has no requests: an empty list, as validators expect.
  const codes = list(param(c, "service_code"))?.filter(isCategory);
  const statusText = list(param(c, "status"));
  if (statusText?.some((s) => s !== "open" && s !== "closed")) throw new Open311Error(400, "status is open or closed");
  const end = dateParam(c, "end_date") ?? new Date();
  const start = dateParam(c, "start_date") ?? new Date(end.getTime() - 90 * DAY);
  if (start >= end) throw new Open311Error(400, "start_date must be before end_date");
  const updatedAfter = dateParam(c, "updated_after");
  const updatedBefore = dateParam(c, "updated_before");
  if (codes?.length === 0) return respond(c, format, "service_requests", []);
  const rows = await findRequests(c.get("db"), {
    ids,
    updatedAfter,
    updatedBefore,
    serviceCodes: codes,
    statuses: statusText?.flatMap((s) => statusesFor(s as "open" | "closed")),
    start,
    end,
    areaPath: principal?.kind === "api_key" ? principal.areaPath : null,
    limit: MAX_REQUESTS,
  });
  if (id && rows.length === 0) throw new Open311Error(404, `service_request_id ${id} was not found`);
  return respond(
    c,
    format,
    "service_requests",
    rows.map((r) => toRequest(r.case, r.place, reads)),
  );
}

/** GeoReport v2 posts forms; anything else would read as an empty form and be refused for the wrong reason. */
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

async function postRequest(c: Context<AppEnv>, format: Format) {
  const type = c.req.header("content-type") ?? "";
  if (!FORM_TYPES.test(type)) {
    throw new Open311Error(
      415,
      `the body must be form-encoded (application/x-www-form-urlencoded), as GeoReport v2 posts it; got ${type.split(";")[0] || "no content type"}`,
    );
  }
  const body = (await c.req.parseBody({ all: false })) as Record<string, unknown>;
  checkJurisdiction(c, body);
  const principal = await principalOf(c, param(c, "api_key", body));
  if (!principal) throw new Open311Error(403, "api_key is required to post a request");
  if (!hasScope(principal, "cases:write") || principal.kind !== "api_key") throw new Open311Error(403, "api_key may not post requests");

  const code = param(c, "service_code", body);
  if (!code || !isCategory(code)) throw new Open311Error(400, "service_code is required and must be one of GET services");
  const description = param(c, "description", body);
  // Counted in characters as GeoReport's schema counts them (an emoji is one).
  if (!description || [...description].length > DESCRIPTION_MAX) {
    throw new Open311Error(400, `description is required, 1 to ${DESCRIPTION_MAX} characters`);
  }
  const mediaUrl = param(c, "media_url", body);
  if (mediaUrl !== undefined && !MediaUrlSchema.safeParse(mediaUrl).success) {
    throw new Open311Error(400, "media_url must be an http or https URL of at most 500 characters");
  }
  const lat = param(c, "lat", body);
  const long = param(c, "long", body);
  const addressString = param(c, "address_string", body);
  const addressId = param(c, "address_id", body);
  if ((lat === undefined) !== (long === undefined)) throw new Open311Error(400, "lat and long go together");
  if (lat === undefined && !addressString && !addressId) {
    throw new Open311Error(400, "a location is required: lat and long, address_string or address_id (a station code)");
  }
  const latitude = lat === undefined ? undefined : Number(lat);
  const longitude = long === undefined ? undefined : Number(long);
  if (latitude !== undefined && !(Math.abs(latitude) <= 90 && Math.abs(longitude!) <= 180)) {
    throw new Open311Error(400, "lat and long must be WGS84 degrees");
  }
  const phone = param(c, "phone", body);
  if (phone && !MAINLAND_MOBILE_PATTERN.test(phone)) throw new Open311Error(400, "phone must be a mainland mobile number");
  const name = [param(c, "last_name", body), param(c, "first_name", body)].filter(Boolean).join("").slice(0, 40) || undefined;

  const attributes: Record<string, string> = {};
  for (const question of CATEGORY_QUESTIONS[code]) {
    const value = param(c, `attribute[${question.code}]`, body);
    if (value === undefined) {
      if (question.required) throw new Open311Error(400, `attribute[${question.code}] is required for ${code}`);
      continue;
    }
    if (!question.options.some((o) => o.key === value)) throw new Open311Error(400, `attribute[${question.code}] has no value ${value}`);
    attributes[question.code] = value;
  }

  try {
    const created = await createCase(
      c.get("db"),
      {
        category: code,
        description,
        stationCode: addressId,
        address: addressString?.slice(0, 200),
        lat: latitude,
        lng: longitude,
        reporterName: name,
        reporterPhone: phone,
        attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
        mediaUrl,
      },
      {
        channel: "open311",
        actor: { kind: "api_key", keyId: principal.keyId, name: principal.name },
        now: new Date(),
        withinArea: principal.areaPath,
      },
    );
    return respond(c, format, "service_requests", [{ service_request_id: created.case.id, service_notice: null, account_id: null }]);
  } catch (error) {
    if (error instanceof DomainError && error.code === "validation_failed") {
      const problems = (error.details as { path: string; message: string }[] | undefined) ?? [];
      throw new Open311Error(
        400,
        problems.map((p) => (p.path === "station_code" ? `address_id: ${p.message}` : p.message)).join("; ") || error.message,
      );
    }
    if (error instanceof DomainError && error.code === "forbidden")
      throw new Open311Error(403, "this api_key files requests only inside its area");
    throw error;
  }
}

function discovery(c: Context<AppEnv>, format: Format) {
  const url = `${new URL(c.req.url).origin}/open311/v2`;
  const changeset = "2026-12-06T00:00:00Z";
  const { jurisdictions, keyService } = c.get("services").config.open311;
  return respond(c, format, "discovery", {
    changeset,
    contact: "杏花岭区综治中心 · Xinghualing District governance centre",
    key_service: keyService,
    // Not in GeoReport's discovery: the ids `jurisdiction_id` accepts, this endpoint's own first.
    jurisdictions,
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url,
        changeset,
        type: "production",
        formats: ["text/xml", "application/json"],
      },
    ],
  });
}

/**
 * GeoReport v2 at /open311/v2: discovery, services, service definitions, requests (GET and POST),
 * single requests and tokens, each as `.json` or `.xml`.
 */
export function open311Surface() {
  const app = new Hono<AppEnv>();
  // Its bodies are small forms.
  app.use(
    "/open311/*",
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => respondError(c, formatOf(c), 413, `body over ${MAX_BODY_BYTES / 1024} KB`) }),
  );

  // One resource's address: its id and the format, `…/{id}.json` or `.xml`.
  const handle = (run: (c: Context<AppEnv>, format: Format, id: string) => Response | Promise<Response>) => async (c: Context<AppEnv>) => {
    const split = splitFormat(c.req.param("name") ?? "");
    if (!split) return respondError(c, "json", 404, "not an Open311 resource; add .json or .xml");
    const [id, format] = split;
    return run(c, format, id);
  };

  // Discovery is also asked for without a format: JSON, or XML for a client that accepts only that.
  app.get("/open311/v2/discovery", (c) => discovery(c, prefersXml(c) ? "xml" : "json"));
  for (const format of ["json", "xml"] as const) {
    app.get(`/open311/v2/discovery.${format}`, (c) => discovery(c, format));
    app.get(`/open311/v2/services.${format}`, (c) => {
      checkJurisdiction(c);
      return respond(c, format, "services", serviceList());
    });
    app.get(`/open311/v2/requests.${format}`, (c) => getRequests(c, format));
    app.post(`/open311/v2/requests.${format}`, (c) => postRequest(c, format));
  }
  app.get(
    "/open311/v2/services/:name",
    handle((c, format, code) => {
      checkJurisdiction(c);
      if (!isCategory(code)) throw new Open311Error(404, `service_code ${code} is not a service`);
      return respond(c, format, "service_definition", serviceDefinition(code));
    }),
  );
  for (const path of ["/open311/v2/requests/:name", "/open311/v2/request/:name"]) {
    app.get(
      path,
      handle((c, format, id) => getRequests(c, format, id)),
    );
  }
  app.get(
    "/open311/v2/tokens/:name",
    handle(async (c, format, token) => {
      checkJurisdiction(c);
      const found = await c.get("db").query.caseTable.findFirst({ where: (t, { eq }) => eq(t.id, token), columns: { id: true } });
      if (!found) throw new Open311Error(404, `token ${token} was not found`);
      return respond(c, format, "service_requests", [{ service_request_id: found.id, token }]);
    }),
  );
  const allowed = allowedMethods(app);
  app.all("/open311/*", (c) => {
    const methods = allowed(c.req.path);
    if (methods.length === 0) {
      return respondError(c, "json", 404, "not an Open311 resource; see /open311/v2/discovery.json (each address ends in .json or .xml)");
    }
    throw new Open311Error(405, `${c.req.method} is not answered here; ${methods.join(", ")} are`, { allow: methods.join(", ") });
  });
  // Open311's own refusals in its `[{code, description}]`, in the format asked for; anything else
  // (the database unavailable, a failure of ours) is not a refusal of the request: the API's envelope.
  app.onError((error, c) => {
    if (!(error instanceof Open311Error)) return handleError(error, c);
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return respondError(c, formatOf(c), error.status, error.message);
  });
  return app;
}

function prefersXml(c: Context): boolean {
  const accept = c.req.header("accept") ?? "";
  return /\bxml\b/i.test(accept) && !/\bjson\b/i.test(accept);
}

/** The format the address asks for (`….xml`), JSON when it names none. */
function formatOf(c: Context): Format {
  return splitFormat(c.req.path.slice(c.req.path.lastIndexOf("/") + 1))?.[1] ?? "json";
}
