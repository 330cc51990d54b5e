import { jsonContent } from "../routes/openapi.ts";
import { MAX_PER_PAGE } from "./params.ts";
import STANDARD_SCHEMAS from "./standard-schemas.json" with { type: "json" };

// The OpenAPI document of this HSDS view: the standard's reference document (schema/openapi.json)
// less what GridStation does not serve (taxonomies, other formats, postcode searches). Its
// responses are the standard's compiled schemas, carried in the document itself
// (standard-schemas.json, written by scripts/hsds-schemas.ts) rather than referred to on GitHub
// as the reference does: tools read it offline, and mainland networks reach GitHub badly.

const schemaRef = (name: keyof typeof STANDARD_SCHEMAS) => ({ $ref: `#/components/schemas/${name}` });

const query = (name: string, description: string, schema: object) => ({ name, in: "query", required: false, description, schema });

const PARAMETERS = {
  search: query("search", "Text in names (stations, areas, organizations) and in the words of roles and services.", {
    type: "string",
    maxLength: 100,
  }),
  page: query("page", "Page number, from 1.", { type: "integer", minimum: 1, default: 1 }),
  per_page: query("per_page", `Entries per page, 1–${MAX_PER_PAGE}.`, { type: "integer", minimum: 1, maximum: MAX_PER_PAGE, default: 50 }),
  modified_after: query("modified_after", "Entries changed after this time, strictly (ISO 8601 with offset; millisecond precision).", {
    type: "string",
    format: "date-time",
  }),
  organization_id: query("organization_id", "Only services of this organization.", { type: "string", format: "uuid" }),
};

const ERRORS = {
  400: jsonContent({ $ref: "#/components/schemas/Error" }, "A parameter is not valid or not supported (`validation_failed`)."),
  404: jsonContent({ $ref: "#/components/schemas/Error" }, "No such entry (`not_found`)."),
};

const list = (summary: string, item: keyof typeof STANDARD_SCHEMAS, parameters: (keyof typeof PARAMETERS)[]) => ({
  get: {
    summary,
    parameters: parameters.map((name) => ({ $ref: `#/components/parameters/${name}` })),
    responses: {
      200: jsonContent(
        {
          allOf: [{ $ref: "#/components/schemas/Page" }],
          properties: { contents: { type: "array", items: schemaRef(item) } },
        },
        summary,
      ),
      400: ERRORS[400],
    },
  },
});

const one = (summary: string, schema: keyof typeof STANDARD_SCHEMAS) => ({
  get: {
    summary,
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
    responses: { 200: jsonContent(schemaRef(schema), summary), 404: ERRORS[404] },
  },
});

export function hsdsOpenApi(origin: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "GridStation: the ten-minute livelihood circles as HSDS 3.0",
      version: "1.0",
      description:
        "Micro-stations as locations; the services of their circles and their own convenience services; the organizations behind them.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: `${origin}/hsds` }],
    paths: {
      "/": {
        get: {
          summary: "This API and its relationship with HSDS.",
          responses: {
            200: jsonContent(
              {
                type: "object",
                properties: {
                  version: { type: "string" },
                  profile: { type: "string", format: "uri" },
                  openapi_url: { type: "string", format: "uri" },
                },
              },
              "Version, profile and this document.",
            ),
          },
        },
      },
      "/services": list("Services, one-to-one fields.", "service_list", [
        "search",
        "page",
        "per_page",
        "modified_after",
        "organization_id",
      ]),
      "/services/{id}": one("A service with its organization, contacts, area and services at locations.", "service"),
      "/organizations": list("Organizations, one-to-one fields.", "organization_list", ["search", "page", "per_page"]),
      "/organizations/{id}": one("An organization with its services.", "organization"),
      "/service_at_locations": list("Services at locations, one-to-one fields.", "service_at_location_list", [
        "search",
        "page",
        "per_page",
        "modified_after",
        "organization_id",
      ]),
      "/service_at_locations/{id}": one(
        "A service at a location with its phones or hours, the location and the service.",
        "service_at_location",
      ),
    },
    components: {
      parameters: PARAMETERS,
      schemas: {
        ...STANDARD_SCHEMAS,
        // As in the standard's reference document.
        Page: {
          type: "object",
          properties: {
            total_items: { type: "integer" },
            total_pages: { type: "integer" },
            page_number: { type: "integer" },
            size: { type: "integer" },
            first_page: { type: "boolean" },
            last_page: { type: "boolean" },
            empty: { type: "boolean" },
          },
        },
        Error: {
          type: "object",
          properties: {
            error: {
              type: "object",
              properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
              required: ["code", "message"],
            },
          },
          required: ["error"],
        },
      },
    },
  };
}
