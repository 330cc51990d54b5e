import { toCaseEventJson, toCaseJson } from "../../../schema/api/case.ts";
import type { CaseRow } from "../../../schema/case.ts";
import type { CaseAction } from "../../../schema/constants.ts";
import type { Principal } from "../../auth/principal.ts";
import { createCase } from "../../cases/create.ts";
import { getCase, getCaseWithEvents, listCases, similarCases } from "../../cases/queries.ts";
import { ApiError } from "../../errors.ts";
import type { AppRouteHandler } from "../../router.ts";
import type { Actor } from "../../workflow/actor.ts";
import { allowedActions, performAction } from "../../workflow/engine.ts";
import { isHolder } from "../../workflow/relation.ts";
import type { ActRoute, CreateRoute, EventsRoute, GetRoute, ListRoute, SimilarRoute } from "./routes.ts";

/** The case as this principal may see it: contact data only for those handling it. */
function caseView(principal: Principal, row: CaseRow) {
  const staff = principal.kind === "staff" ? principal.actor : null;
  return toCaseJson(row, {
    revealContact: staff !== null && isHolder(staff, row),
    allowedActions: staff ? allowedActions(staff, row) : [],
  });
}

function actorOf(principal: Principal): Actor {
  if (principal.kind === "staff") return principal.actor;
  if (principal.kind === "api_key") return { kind: "api_key", keyId: principal.keyId, name: principal.name };
  throw new ApiError("unauthorized", "Filing a case through the API needs credentials.");
}

export const create: AppRouteHandler<CreateRoute> = async (c) => {
  const principal = c.get("principal");
  const body = c.req.valid("json");
  const key = c.req.valid("header")["idempotency-key"];
  if (principal.kind === "api_key" && !key) {
    throw new ApiError("validation_failed", "API clients must send an Idempotency-Key header.", {
      details: [{ path: "idempotency-key", message: "required for API keys" }],
    });
  }
  const channel =
    principal.kind === "api_key" ? "api" : principal.kind === "staff" && principal.actor.role === "grid_assistant" ? "assistant" : "staff";
  const result = await createCase(
    c.get("db"),
    {
      category: body.category,
      description: body.description,
      stationCode: body.station_code,
      microGridId: body.micro_grid_id,
      address: body.address,
      lat: body.lat,
      lng: body.lng,
      reporterName: body.reporter?.name,
      reporterPhone: body.reporter?.phone,
      notifyResident: body.reporter?.notify,
      attributes: body.attributes,
    },
    {
      channel,
      actor: actorOf(principal),
      idempotencyKey: key,
      now: new Date(),
      withinArea: principal.kind === "api_key" ? principal.areaPath : null,
    },
  );
  if (result.replayed) c.header("Idempotent-Replayed", "true");
  c.header("Location", `/api/v1/cases/${result.case.id}`);
  return c.json(caseView(principal, result.case), 201);
};

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const page = await listCases(c.get("db"), c.get("principal"), c.req.valid("query"));
  return c.json({ items: page.items.map((row) => caseView(c.get("principal"), row)), next_cursor: page.next_cursor }, 200);
};

export const similar: AppRouteHandler<SimilarRoute> = async (c) => {
  const { station_code, category } = c.req.valid("query");
  const rows = await similarCases(c.get("db"), c.get("principal"), station_code, category);
  return c.json({ items: rows.map((row) => caseView(c.get("principal"), row)) }, 200);
};

export const get: AppRouteHandler<GetRoute> = async (c) => {
  const row = await getCase(c.get("db"), c.get("principal"), c.req.valid("param").id);
  return c.json(caseView(c.get("principal"), row), 200);
};

export const events: AppRouteHandler<EventsRoute> = async (c) => {
  const found = await getCaseWithEvents(c.get("db"), c.get("principal"), c.req.valid("param").id);
  return c.json({ items: found.events.map(toCaseEventJson) }, 200);
};

export const act: AppRouteHandler<ActRoute> = async (c) => {
  const principal = c.get("principal");
  if (principal.kind !== "staff") throw new ApiError("forbidden", "Workflow actions are taken by staff.");
  const { id, action } = c.req.valid("param");
  const row = await performAction(c.get("db"), principal.actor, id, action as CaseAction, c.req.valid("json"), new Date());
  return c.json(caseView(principal, row), 200);
};
