import { OpenAPIHono, type RouteConfig, type RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "./env.ts";
import { validationHook } from "./errors.ts";

/** Every router of the app is made here, so each gets the validation hook that answers the envelope. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
