// A typed client of the GridStation API: openapi-fetch over the types `npm run client` generates.
import createFetchClient from "openapi-fetch";
import type { paths } from "./schema.d.ts";

export type { components, paths } from "./schema.d.ts";

export interface ClientOptions {
  /** e.g. https://grid.example.cn */
  baseUrl: string;
  /** An API key (`npm run admin -- api-key create`). */
  apiKey?: string;
  /** Another fetch, e.g. a service binding's or a test's. */
  fetch?: (request: Request) => Promise<Response>;
}

export function createClient({ baseUrl, apiKey, fetch }: ClientOptions) {
  return createFetchClient<paths>({
    baseUrl,
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    ...(fetch ? { fetch } : {}),
  });
}
