import { z } from "@hono/zod-openapi";
import { STATION_CODE_PATTERN, STATION_SERVICES } from "../constants.ts";
import { OpeningHoursSchema } from "../opening-hours.ts";
import type { Station } from "../station.ts";
import { freeText } from "../text.ts";
import { AreaIdSchema, AreaRefSchema } from "./area.ts";

export const StationCodeSchema = z.string().regex(STATION_CODE_PATTERN, "a station code such as JH0501V").openapi({ example: "JH0501V" });

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

export const StationSummarySchema = z
  .object({
    code: StationCodeSchema,
    name: z.string().openapi({ example: "同心园社区第一网格党群服务微站" }),
    name_en: z.string().nullable(),
    grid_id: z.string(),
    area_path: z.string(),
    address: z.string(),
    lat: latitude.nullable(),
    lng: longitude.nullable(),
    active: z.boolean(),
  })
  .openapi("StationSummary");

export const StationSchema = StationSummarySchema.extend({
  opening_hours: OpeningHoursSchema,
  services: z.array(z.enum(STATION_SERVICES)),
  areas: z.array(AreaRefSchema).openapi({ description: "District, street, community and grid." }),
  links: z.object({ page: z.string(), qr: z.string(), poster: z.string(), circle: z.string() }),
  revision: z
    .number()
    .int()
    .openapi({ description: 'Counts its changes; the `ETag` is this number quoted (`"3"`): send it as `If-Match` with a change.' }),
}).openapi("Station");

const stationFields = {
  name: freeText().min(2).max(80),
  name_en: freeText().min(2).max(120).nullable().optional(),
  grid_id: AreaIdSchema,
  address: freeText().min(2).max(200),
  lat: latitude.nullable().optional(),
  lng: longitude.nullable().optional(),
  opening_hours: OpeningHoursSchema,
  services: z.array(z.enum(STATION_SERVICES)).max(STATION_SERVICES.length),
};

export const StationCreateSchema = z
  .object({ code: StationCodeSchema, ...stationFields, services: stationFields.services.default([]) })
  .strict()
  .openapi("StationCreate");

// No defaults here: a PATCH that omits a field must leave it alone.
export const StationUpdateSchema = z
  .object(stationFields)
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "name at least one field to change" })
  .openapi("StationUpdate");

export function toStationSummaryJson(row: Station): z.infer<typeof StationSummarySchema> {
  return {
    code: row.code,
    name: row.name,
    name_en: row.nameEn,
    grid_id: row.gridId,
    area_path: row.areaPath,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    active: row.active,
  };
}
