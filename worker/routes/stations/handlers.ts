import type { Context } from "hono";
import { toStationSummaryJson } from "../../../schema/api/station.ts";
import type { Station } from "../../../schema/station.ts";
import { resolveCircle } from "../../circle.ts";
import type { AreaChainRow } from "../../directory/areas.ts";
import { createStation, listStations, requireStation, updateStation } from "../../directory/stations.ts";
import { ApiError } from "../../errors.ts";
import type { AppRouteHandler } from "../../router.ts";
import { etagOf, ifMatchRevision } from "../revision-headers.ts";
import type { CircleRoute, CreateRoute, DeactivateRoute, GetRoute, ListRoute, UpdateRoute } from "./routes.ts";

function toStationJson(found: { station: Station; areas: AreaChainRow[] }) {
  const { station } = found;
  const page = `/s/${station.code}`;
  return {
    ...toStationSummaryJson(station),
    opening_hours: station.openingHours,
    services: station.services,
    areas: found.areas,
    links: {
      page,
      qr: `${page}/qr.svg`,
      poster: `${page}/poster`,
      circle: `/api/v1/stations/${station.code}/circle`,
    },
    revision: station.revision,
  };
}

/** The station as JSON, with its revision as the ETag. */
function stationResponse<S extends 200 | 201>(c: Context, found: { station: Station; areas: AreaChainRow[] }, status: S) {
  c.header("ETag", etagOf(found.station.revision));
  return c.json(toStationJson(found), status);
}

export const list: AppRouteHandler<ListRoute> = async (c) => {
  const page = await listStations(c.get("db"), c.req.valid("query"));
  return c.json({ items: page.items.map(toStationSummaryJson), next_cursor: page.next_cursor }, 200);
};

export const get: AppRouteHandler<GetRoute> = async (c) => {
  return stationResponse(c, await requireStation(c.get("db"), c.req.valid("param").code), 200);
};

export const circle: AppRouteHandler<CircleRoute> = async (c) => {
  const { code } = c.req.valid("param");
  const items = await resolveCircle(c.get("db"), code);
  if (!items) throw new ApiError("not_found", `There is no station ${code}.`);
  return c.json({ station_code: code, items }, 200);
};

export const create: AppRouteHandler<CreateRoute> = async (c) => {
  const body = c.req.valid("json");
  const created = await createStation(c.get("db"), {
    code: body.code,
    name: body.name,
    nameEn: body.name_en ?? null,
    gridId: body.grid_id,
    address: body.address,
    lat: body.lat ?? null,
    lng: body.lng ?? null,
    openingHours: body.opening_hours,
    services: body.services,
  });
  c.header("Location", `/api/v1/stations/${body.code}`);
  return stationResponse(c, created, 201);
};

export const update: AppRouteHandler<UpdateRoute> = async (c) => {
  const body = c.req.valid("json");
  const changes = {
    name: body.name,
    nameEn: body.name_en,
    gridId: body.grid_id,
    address: body.address,
    lat: body.lat,
    lng: body.lng,
    openingHours: body.opening_hours,
    services: body.services,
    active: body.active,
  };
  const updated = await updateStation(c.get("db"), c.req.valid("param").code, changes, [], ifMatchRevision(c));
  return stationResponse(c, updated, 200);
};

export const deactivate: AppRouteHandler<DeactivateRoute> = async (c) => {
  const updated = await updateStation(c.get("db"), c.req.valid("param").code, { active: false }, [], ifMatchRevision(c));
  return stationResponse(c, updated, 200);
};
